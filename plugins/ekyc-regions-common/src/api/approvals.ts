/**
 * Plans waiting for a second platform member, as the scaffolder module's approvals
 * endpoint (`/api/scaffolder/ekyc-approvals`) serves them to the approvals view.
 */
export type PlanOperation = 'apply' | 'destroy' | 'promote';

export type PlanApprovalStatus =
  | 'pending'
  | 'approved'
  /** Approved and being applied: a recovered task may resume it. */
  | 'applying'
  | 'rejected'
  | 'superseded'
  | 'stale'
  | 'expired'
  | 'cancelled'
  | 'applied'
  | 'failed';

/** One resource the plan changes, as the preview reported it. */
export interface PlannedStep {
  operation: string;
  resourceType: string;
  name: string;
  /** The inputs that differ, for an update or a replace. */
  diffs: string[];
}

export interface PlanApproval {
  id: string;
  taskId: string;
  environmentId: string;
  environmentKind: string;
  operation: PlanOperation;
  /** `sha256:<hex>` of the spec the plan was made from. */
  specHash: string;
  /** "12 to create, 1 to update"; for a destroy, what it deletes. */
  summary: string;
  steps: PlannedStep[];
  /** The cost estimate as a table, when the preview priced it. */
  costSummary?: string;
  /** The user whose task asked, or who filed the ticket. */
  requestedBy?: string;
  status: PlanApprovalStatus;
  decidedBy?: string;
  /** Why it was rejected, or where an approval came from (a ticket). */
  decisionNote?: string;
  requestedAt: string;
  decidedAt?: string;
}

export interface PlanApprovalsResponse {
  /** Waiting for a decision, oldest first. */
  pending: PlanApproval[];
  /** The latest decided ones, newest first. */
  recent: PlanApproval[];
}

export interface PlanDecisionRequest {
  decision: 'approve' | 'reject';
  /** Required for a rejection: what the requester should change. */
  note?: string;
}
