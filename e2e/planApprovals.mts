// Plan approvals as a second platform member gives them: through the approvals API
// the approvals view calls (/api/scaffolder/ekyc-approvals), signed in as that member.
import { developmentToken } from './portalBackend.mts';

export interface PendingPlan {
  id: string;
  taskId: string;
  environmentId: string;
  operation: string;
  summary: string;
  requestedBy?: string;
  status: string;
  decidedBy?: string;
}

/** Waits until the task has recorded its plan; answers it. */
export async function pendingPlanOf(
  baseUrl: string,
  token: string,
  taskId: string,
  timeoutMs = 240_000,
): Promise<PendingPlan> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/scaffolder/ekyc-approvals`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(`reading approvals: ${res.status} ${await res.text()}`);
    }
    const { pending } = (await res.json()) as { pending: PendingPlan[] };
    const plan = pending.find(candidate => candidate.taskId === taskId);
    if (plan) return plan;
    if (Date.now() > deadline) {
      throw new Error(`task ${taskId} recorded no plan in ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** Approves (or rejects, with a note) the plan a task waits on, as `approverRef`. */
export async function decidePlanOf(
  baseUrl: string,
  taskId: string,
  approverRef: string,
  decision: { decision: 'approve' | 'reject'; note?: string } = {
    decision: 'approve',
  },
): Promise<PendingPlan> {
  const token = await developmentToken(baseUrl, approverRef);
  const plan = await pendingPlanOf(baseUrl, token, taskId);
  const res = await fetch(
    `${baseUrl}/api/scaffolder/ekyc-approvals/${plan.id}/decision`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(decision),
    },
  );
  if (!res.ok) {
    throw new Error(
      `${approverRef} could not ${decision.decision} plan ${plan.id}: ${
        res.status
      } ${await res.text()}`,
    );
  }
  return (await res.json()) as PendingPlan;
}
