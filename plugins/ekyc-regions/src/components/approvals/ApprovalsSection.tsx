import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  CardHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { ResponseError } from '@backstage/errors';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { PlanApproval } from '@internal/plugin-ekyc-regions-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { ekycRegionsApiRef } from '../../api';
import { AsyncContent } from '../shared/AsyncContent';

const operationTitles: Record<PlanApproval['operation'], string> = {
  apply: 'Apply',
  destroy: 'Destroy',
  promote: 'Promote the database of',
};

function reasonOf(error: Error): string {
  return error instanceof ResponseError ? error.cause.message : error.message;
}

function PlannedChanges({ plan }: { plan: PlanApproval }) {
  if (!plan.steps.length) return null;
  return (
    <Table size="small" aria-label={`changes of plan ${plan.id}`}>
      <TableHead>
        <TableRow>
          <TableCell>Operation</TableCell>
          <TableCell>Resource</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Changed inputs</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {plan.steps.map(step => (
          <TableRow key={`${step.resourceType}/${step.name}/${step.operation}`}>
            <TableCell>{step.operation}</TableCell>
            <TableCell>{step.name}</TableCell>
            <TableCell>{step.resourceType}</TableCell>
            <TableCell>{step.diffs.join(', ') || '–'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One pending plan: what it changes and costs, and the decision, never the requester's. */
function PendingPlan({
  plan,
  userRef,
  onDecided,
}: {
  plan: PlanApproval;
  userRef?: string;
  onDecided(): void;
}) {
  const api = useApi(ekycRegionsApiRef);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ownRequest =
    userRef !== undefined &&
    plan.requestedBy?.toLocaleLowerCase('en-US') ===
      userRef.toLocaleLowerCase('en-US');
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      await api.decide(plan.id, {
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDecided();
    } catch (e) {
      setError(reasonOf(e as Error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card variant="outlined" data-plan={plan.id}>
      <CardHeader
        title={`${operationTitles[plan.operation]} ${plan.environmentId} (${
          plan.environmentKind
        })`}
        subheader={`requested by ${
          plan.requestedBy ?? 'nobody named'
        } at ${new Date(plan.requestedAt).toLocaleString()}, plan ${plan.id}`}
      />
      <CardContent>
        <Typography variant="body1">{plan.summary}</Typography>
        {plan.costSummary && (
          <Box component="pre" fontSize="0.8rem">
            {plan.costSummary}
          </Box>
        )}
        <PlannedChanges plan={plan} />
        {ownRequest && (
          <Typography color="textSecondary">
            You requested this plan: another platform member decides it.
          </Typography>
        )}
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </CardContent>
      <CardActions>
        <TextField
          id={`note-${plan.id}`}
          label="Note (required to reject)"
          value={note}
          onChange={event => setNote(event.target.value)}
          size="small"
          disabled={ownRequest || busy}
        />
        <Button
          color="primary"
          variant="contained"
          disabled={ownRequest || busy}
          onClick={() => decide('approve')}
        >
          Approve
        </Button>
        <Button
          variant="outlined"
          disabled={ownRequest || busy || !note.trim()}
          onClick={() => decide('reject')}
        >
          Reject
        </Button>
      </CardActions>
    </Card>
  );
}

function RecentDecisions({ plans }: { plans: PlanApproval[] }) {
  if (!plans.length) return null;
  return (
    <Table size="small" aria-label="recent decisions">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Operation</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Requested by</TableCell>
          <TableCell>Decided by</TableCell>
          <TableCell>Note</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {plans.map(plan => (
          <TableRow key={plan.id}>
            <TableCell>{plan.environmentId}</TableCell>
            <TableCell>{plan.operation}</TableCell>
            <TableCell>{plan.status}</TableCell>
            <TableCell>{plan.requestedBy ?? '–'}</TableCell>
            <TableCell>{plan.decidedBy ?? '–'}</TableCell>
            <TableCell>{plan.decisionNote ?? '–'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Plans that wait for a second platform member (every destroy, every sovereign site):
 * each with its changes and cost, to approve or reject with a note.
 */
export function ApprovalsSection() {
  const api = useApi(ekycRegionsApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const approvals = useAsyncRetry(() => api.getApprovals(), [api]);
  // New plans arrive while the page is open: it reads them again every 10 s.
  useInterval(approvals.retry, 10_000);
  return (
    <AsyncContent read={approvals}>
      {({ pending, recent }) => (
        <Box display="flex" flexDirection="column" gridGap={16}>
          <Box display="flex" alignItems="center" gridGap={8}>
            <Typography variant="h6">
              {pending.length
                ? `${pending.length} plan${
                    pending.length === 1 ? '' : 's'
                  } waiting for approval`
                : 'No plan waits for approval'}
            </Typography>
            <Button size="small" onClick={approvals.retry}>
              Refresh
            </Button>
          </Box>
          {pending.map(plan => (
            <PendingPlan
              key={plan.id}
              plan={plan}
              userRef={identity.value?.userEntityRef}
              onDecided={approvals.retry}
            />
          ))}
          {recent.length > 0 && (
            <Typography variant="h6">Latest decisions</Typography>
          )}
          <RecentDecisions plans={recent} />
        </Box>
      )}
    </AsyncContent>
  );
}
