import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  PlanApproval,
  PlanApprovalsResponse,
} from '@internal/plugin-ekyc-regions-common';
import { EkycRegionsApi, ekycRegionsApiRef } from '../../api';
import { fakeEkycRegionsApi } from '../../testFixtures';
import { ApprovalsSection } from './ApprovalsSection';

// Rendering the test app takes 1 to 3 s here, several times that with both cores busy.
jest.setTimeout(30_000);

const pendingSite: PlanApproval = {
  id: 'plan-1',
  taskId: 'task-1',
  environmentId: 'bd-dhaka-1',
  environmentKind: 'sovereign-site',
  operation: 'apply',
  specHash: 'sha256:1',
  summary: '24 to create',
  steps: [
    {
      operation: 'create',
      resourceType: 'kubernetes:apps/v1:StatefulSet',
      name: 'bd-dhaka-1',
      diffs: [],
    },
  ],
  costSummary: 'total per month 1234.00 USD',
  requestedBy: 'user:default/karim.hossain',
  status: 'pending',
  requestedAt: '2026-12-02T03:00:00.000Z',
};

function renderApprovals(
  approvals: PlanApprovalsResponse,
  decide?: EkycRegionsApi['decide'],
) {
  return renderInTestApp(<ApprovalsSection />, {
    apis: [
      [ekycRegionsApiRef, fakeEkycRegionsApi({ approvals, decide })],
      mockApis.identity({ userEntityRef: 'user:default/daniel.nguyen' }),
    ],
  });
}

describe('ApprovalsSection', () => {
  it('shows a pending plan with its changes and cost, and approves it as the signed-in user', async () => {
    const decide = jest.fn(async () => ({
      ...pendingSite,
      status: 'approved' as const,
    }));
    renderApprovals({ pending: [pendingSite], recent: [] }, decide);
    expect(
      await screen.findByText('Apply bd-dhaka-1 (sovereign-site)'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 plan waiting for approval')).toBeInTheDocument();
    expect(screen.getByText('24 to create')).toBeInTheDocument();
    expect(screen.getByText('total per month 1234.00 USD')).toBeInTheDocument();
    expect(
      screen.getByText('kubernetes:apps/v1:StatefulSet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/requested by user:default\/karim.hossain/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith('plan-1', { decision: 'approve' }),
    );
  });

  it("shows the backend's refusal of a decision", async () => {
    renderApprovals({ pending: [pendingSite], recent: [] }, async () => {
      throw new Error(
        'plan plan-1 of bd-dhaka-1 was decided by someone else meanwhile',
      );
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(
      await screen.findByText(
        'plan plan-1 of bd-dhaka-1 was decided by someone else meanwhile',
      ),
    ).toBeInTheDocument();
  });

  it('a rejection carries its note', async () => {
    const decide = jest.fn(async () => ({
      ...pendingSite,
      status: 'rejected' as const,
    }));
    renderApprovals({ pending: [pendingSite], recent: [] }, decide);
    fireEvent.change(
      await screen.findByLabelText('Note (required to reject)'),
      { target: { value: 'two GPU nodes are too few' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith('plan-1', {
        decision: 'reject',
        note: 'two GPU nodes are too few',
      }),
    );
  });

  it("offers no decision on the signed-in user's own plan, and lists the latest decisions", async () => {
    renderApprovals({
      pending: [{ ...pendingSite, requestedBy: 'User:Default/Daniel.Nguyen' }],
      recent: [
        {
          ...pendingSite,
          id: 'plan-0',
          status: 'applied',
          decidedBy: 'user:default/amira.rahman',
        },
      ],
    });
    expect(
      await screen.findByText(
        'You requested this plan: another platform member decides it.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByText('applied')).toBeInTheDocument();
    expect(screen.getByText('user:default/amira.rahman')).toBeInTheDocument();
  });
});
