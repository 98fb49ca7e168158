import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import type {
  PlanApproval,
  PlanApprovalStatus,
  PlannedStep,
  PlanOperation,
} from '@internal/plugin-ekyc-regions-common';
import { createTableOnce } from '../createTableOnce';

const approvals = 'ekyc_plan_approvals';
const grants = 'ekyc_plan_approval_grants';

/** What a task's preview (or a destroy) asks a second platform member to approve. */
export interface PlanRequest {
  taskId: string;
  environmentId: string;
  environmentKind: string;
  operation: PlanOperation;
  specHash: string;
  /** `sha256:<hex>` of the saved plan file; none for a destroy. */
  planHash?: string;
  planFile?: string;
  /** The stack's latest update when the plan was made: a later one makes it stale. */
  stackVersion: number;
  summary: string;
  steps: PlannedStep[];
  costSummary?: string;
  /** Whoever created and whoever runs the task (normalised refs); none for a ticket's run. */
  requesters: string[];
}

/** The record as the apply checks it: the contract's fields and what binds the plan. */
export interface PlanRecord extends PlanApproval {
  planHash?: string;
  planFile?: string;
  stackVersion: number;
  /** Nobody among them may decide the plan. */
  requesters: string[];
}

/** An approval given before the task's plan existed: a ticket's label, bound to its form. */
export interface PlanGrant {
  taskId: string;
  requestedBy: string;
  approvedBy: string;
  basis: string;
}

/**
 * Plan approvals in the portal's database, so that every replica sees the same
 * records: a decision is taken once (the first one wins), and only while pending.
 */
export class PlanApprovalStore {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<PlanApprovalStore> {
    await createTableOnce(db, approvals, table => {
      // The order records were made in, finer than a timestamp's second.
      table.increments('seq');
      table.string('id').notNullable().unique();
      table.string('task_id').notNullable().index();
      table.string('environment_id').notNullable().index();
      table.string('environment_kind').notNullable();
      table.string('operation').notNullable();
      table.string('spec_hash').notNullable();
      table.string('plan_hash');
      table.text('plan_file');
      table.integer('stack_version').notNullable();
      table.text('summary').notNullable();
      table.text('steps').notNullable();
      table.text('cost_summary');
      table.string('requested_by');
      table.text('requesters').notNullable();
      table.string('status').notNullable().index();
      table.string('decided_by');
      table.text('decision_note');
      table.timestamp('requested_at').notNullable().defaultTo(db.fn.now());
      table.timestamp('decided_at');
    });
    await createTableOnce(db, grants, table => {
      table.string('task_id').primary();
      table.string('requested_by').notNullable();
      table.string('approved_by').notNullable();
      table.text('basis').notNullable();
    });
    return new PlanApprovalStore(db);
  }

  /**
   * Records a plan as pending. Earlier pending plans of the same operation on the
   * environment are superseded: a newer preview is what an approver should read.
   */
  async request(plan: PlanRequest): Promise<PlanRecord> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await tx(approvals)
        .where({
          environment_id: plan.environmentId,
          operation: plan.operation,
          status: 'pending',
        })
        .update({ status: 'superseded', decided_at: tx.fn.now() });
      await tx(approvals).insert({
        id,
        task_id: plan.taskId,
        environment_id: plan.environmentId,
        environment_kind: plan.environmentKind,
        operation: plan.operation,
        spec_hash: plan.specHash,
        plan_hash: plan.planHash ?? null,
        plan_file: plan.planFile ?? null,
        stack_version: plan.stackVersion,
        summary: plan.summary,
        steps: JSON.stringify(plan.steps),
        cost_summary: plan.costSummary ?? null,
        requested_by: plan.requesters[0] ?? null,
        requesters: JSON.stringify(plan.requesters),
        status: 'pending',
      });
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<PlanRecord | undefined> {
    const row = await this.db(approvals).where({ id }).first();
    return row && recordOf(row);
  }

  /** The task's latest record of an operation on an environment. */
  async latestOfTask(
    taskId: string,
    operation: PlanOperation,
    environmentId: string,
  ): Promise<PlanRecord | undefined> {
    const row = await this.db(approvals)
      .where({ task_id: taskId, operation, environment_id: environmentId })
      .orderBy('seq', 'desc')
      .first();
    return row && recordOf(row);
  }

  async pending(): Promise<PlanRecord[]> {
    const rows = await this.db(approvals)
      .where({ status: 'pending' })
      .orderBy('seq', 'asc');
    return rows.map(recordOf);
  }

  async recent(limit: number): Promise<PlanRecord[]> {
    const rows = await this.db(approvals)
      .whereNot({ status: 'pending' })
      .orderBy('decided_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit);
    return rows.map(recordOf);
  }

  /**
   * Moves a record from `from` to `to`; false when it was not in `from` any more (a
   * decision of another approver or replica came first).
   */
  async transition(
    id: string,
    from: PlanApprovalStatus,
    to: PlanApprovalStatus,
    decision: { by?: string; note?: string } = {},
  ): Promise<boolean> {
    const update: Record<string, unknown> = { status: to };
    if (decision.by !== undefined) update.decided_by = decision.by;
    if (decision.note !== undefined) update.decision_note = decision.note;
    if (from === 'pending') update.decided_at = this.db.fn.now();
    const changed = await this.db(approvals)
      .where({ id, status: from })
      .update(update);
    return changed > 0;
  }

  /** A ticket's run names its requester only through its grant. */
  async setRequester(id: string, requestedBy: string): Promise<void> {
    await this.db(approvals)
      .where({ id })
      .whereNull('requested_by')
      .update({
        requested_by: requestedBy,
        requesters: JSON.stringify([requestedBy]),
      });
  }

  async grant(grant: PlanGrant): Promise<void> {
    await this.db(grants)
      .insert({
        task_id: grant.taskId,
        requested_by: grant.requestedBy,
        approved_by: grant.approvedBy,
        basis: grant.basis,
      })
      .onConflict('task_id')
      .ignore();
  }

  /**
   * The task's grant, used up: it approves one plan, the first its task records, and
   * no later retry's (only one taker wins it, on any replica).
   */
  async takeGrant(taskId: string): Promise<PlanGrant | undefined> {
    const row = await this.db(grants).where({ task_id: taskId }).first();
    if (!row) return undefined;
    const taken = await this.db(grants).where({ task_id: taskId }).delete();
    return taken > 0
      ? {
          taskId: row.task_id,
          requestedBy: row.requested_by,
          approvedBy: row.approved_by,
          basis: row.basis,
        }
      : undefined;
  }
}

function isoOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  // SQLite returns the text it stored (UTC, without a zone); PostgreSQL a Date.
  const date =
    value instanceof Date
      ? value
      : new Date(`${String(value).replace(' ', 'T')}Z`);
  return date.toISOString();
}

function recordOf(row: Record<string, any>): PlanRecord {
  return {
    id: row.id,
    taskId: row.task_id,
    environmentId: row.environment_id,
    environmentKind: row.environment_kind,
    operation: row.operation,
    specHash: row.spec_hash,
    planHash: row.plan_hash ?? undefined,
    planFile: row.plan_file ?? undefined,
    stackVersion: Number(row.stack_version),
    summary: row.summary,
    steps: JSON.parse(row.steps),
    costSummary: row.cost_summary ?? undefined,
    requestedBy: row.requested_by ?? undefined,
    requesters: JSON.parse(row.requesters),
    status: row.status,
    decidedBy: row.decided_by ?? undefined,
    decisionNote: row.decision_note ?? undefined,
    requestedAt: isoOf(row.requested_at)!,
    decidedAt: isoOf(row.decided_at),
  };
}
