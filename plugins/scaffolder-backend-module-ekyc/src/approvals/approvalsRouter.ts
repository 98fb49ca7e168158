import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  PlanApprovalsResponse,
  PlanApproval,
} from '@internal/plugin-ekyc-regions-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { environmentChangePermission } from '../environmentPermission';
import { PlanApprovals } from './planApprovals';
import { PlanRecord } from './planApprovalStore';

const decisionRequest = z.object({
  decision: z.enum(['approve', 'reject']),
  note: z.string().max(2000).optional(),
});

/** What a reader of the view sees: not the plan file's path or hash. */
function publicRecord({
  planFile: _file,
  planHash: _hash,
  stackVersion: _version,
  requesters: _requesters,
  ...record
}: PlanRecord): PlanApproval {
  return record;
}

/**
 * The approvals view's API, at /api/scaffolder/ekyc-approvals: pending plans with their
 * changes, and a decision on one. Both need the right to change environments (the
 * platform group); a decision is never the requester's.
 */
export function createApprovalsRouter(options: {
  approvals: PlanApprovals;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  whoMay: string;
}): express.Router {
  const { approvals, httpAuth, permissions, whoMay } = options;
  const router = Router();

  async function platformUser(req: express.Request): Promise<string> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: environmentChangePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${credentials.principal.userEntityRef} may not read or decide plan approvals: only ${whoMay} may`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  router.get('/ekyc-approvals', async (req, res) => {
    await platformUser(req);
    const [pending, recent] = await Promise.all([
      approvals.records.pending(),
      approvals.records.recent(20),
    ]);
    const body: PlanApprovalsResponse = {
      pending: pending.map(publicRecord),
      recent: recent.map(publicRecord),
    };
    res.json(body);
  });

  // Only this route's body is parsed here: the scaffolder's and the ticket routes'
  // bodies pass on untouched (the ticket signatures are over their raw bytes).
  router.post(
    '/ekyc-approvals/:id/decision',
    express.json({ limit: '16kb' }),
    async (req, res) => {
      const approver = await platformUser(req);
      const parsed = decisionRequest.safeParse(req.body);
      if (!parsed.success) {
        throw new InputError(
          `the body must be {"decision": "approve" | "reject", "note"?: text}: ${parsed.error.issues
            .map(issue => `${issue.path.join('.') || 'body'} ${issue.message}`)
            .join('; ')}`,
        );
      }
      const record = await approvals.decide(
        req.params.id,
        approver,
        parsed.data.decision,
        parsed.data.note,
      );
      res.json(publicRecord(record));
    },
  );

  return router;
}
