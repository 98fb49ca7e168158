import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  PlannedStep,
  PlanOperation,
} from '@internal/plugin-ekyc-regions-common';
import { EnvironmentSpec } from '@internal/ekyc-domain';
import { canonicalHash } from '../canonicalHash';
import { normalisedUserRef } from '../userRefs';
import {
  PlanApprovalStore,
  PlanRecord,
  PlanRequest,
} from './planApprovalStore';

/** What the approvals read of the Pulumi backend, read-only. */
export interface StackReads {
  /** The stack's latest update version (0 before the first) and its resource count. */
  standing(
    environmentId: string,
  ): Promise<{ version: number; resourceCount: number }>;
  /**
   * Whether the stack as applied holds data at a sovereign site: then a spec that
   * calls it something else still needs approval.
   */
  holdsSovereignData(spec: EnvironmentSpec): Promise<boolean>;
}

export interface PlanApprovalSettings {
  /** Environment ids whose applies need approval too; `*` for all. */
  environments: string[];
  /** A pending plan older than this is expired: its task stops waiting. */
  expireAfterMs: number;
  /** How often a waiting task reads its record. */
  pollMs: number;
  /** Where the approvals view is, for the task log. */
  approvalsUrl: string;
}

export function readPlanApprovalSettings(config: Config): PlanApprovalSettings {
  const section = config.getOptionalConfig('ekyc.approvals');
  const hours = section?.getOptionalNumber('expireAfterHours') ?? 24;
  if (!(hours > 0)) {
    throw new InputError(
      `ekyc.approvals.expireAfterHours: ${hours} is not a positive number of hours; leave it out for 24`,
    );
  }
  return {
    environments: section?.getOptionalStringArray('environments') ?? [],
    expireAfterMs: hours * 3_600_000,
    pollMs: 2000,
    approvalsUrl: `${config.getString('app.baseUrl')}/ekyc-regions/approvals`,
  };
}

/** `sha256:<hex>` of a spec, whatever the order of its keys. */
export function specHashOf(spec: EnvironmentSpec): string {
  return canonicalHash(spec);
}

async function fileHash(file: string): Promise<string> {
  return `sha256:${createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex')}`;
}

/** The task a plan belongs to, as an action sees it. */
export interface TaskOfPlan {
  taskId: string;
  /** Who created the task; a ticket's run has none and is requested through its grant. */
  userRef?: string;
  /** Who runs it now: the creator, or whoever retried it. */
  initiatorRef?: string;
  log(line: string): void;
  signal?: AbortSignal;
}

/** Everyone who asked for this run of the task: neither may decide its plan. */
function requestersOf(task: TaskOfPlan): string[] {
  return [
    ...new Set(
      [task.userRef, task.initiatorRef]
        .filter((ref): ref is string => Boolean(ref))
        .map(normalisedUserRef),
    ),
  ];
}

/**
 * Plans that a second platform member approves before they apply: every destroy,
 * every sovereign site, and the environments the config names. The record binds the
 * spec's hash, the saved plan's hash and the stack's version at preview; the apply
 * refuses when any of them has changed.
 */
export class PlanApprovals {
  constructor(
    private readonly store: PlanApprovalStore,
    private readonly settings: PlanApprovalSettings,
    private readonly stacks: () => Promise<StackReads>,
    private readonly auditor: AuditorService,
    private readonly logger: LoggerService,
  ) {}

  get records(): PlanApprovalStore {
    return this.store;
  }

  async required(
    spec: EnvironmentSpec,
    operation: PlanOperation,
  ): Promise<boolean> {
    return (
      operation === 'destroy' ||
      spec.kind === 'sovereign-site' ||
      this.settings.environments.includes('*') ||
      this.settings.environments.includes(spec.id) ||
      (await (await this.stacks()).holdsSovereignData(spec))
    );
  }

  /** The stack's version now: read before a preview, so that a plan is stale once it moves. */
  async stackVersion(spec: EnvironmentSpec): Promise<number> {
    return (await (await this.stacks()).standing(spec.id)).version;
  }

  /** Records the preview of an apply as pending, with everything its apply must match. */
  async requestApply(
    task: TaskOfPlan,
    spec: EnvironmentSpec,
    plan: {
      planFile: string;
      /** The stack's version before the preview ran. */
      stackVersion: number;
      summary: string;
      steps: PlannedStep[];
      costSummary?: string;
    },
  ): Promise<PlanRecord> {
    return this.request(task, {
      taskId: task.taskId,
      environmentId: spec.id,
      environmentKind: spec.kind,
      operation: 'apply',
      specHash: specHashOf(spec),
      planHash: await fileHash(plan.planFile),
      planFile: plan.planFile,
      stackVersion: plan.stackVersion,
      summary: plan.summary,
      steps: plan.steps,
      costSummary: plan.costSummary,
      requesters: requestersOf(task),
    });
  }

  /**
   * Waits until a second platform member approves the apply this task's preview
   * recorded, then checks that spec, plan and stack are still the ones approved; the
   * record is then applying. A task taken up again after its replica died finds its
   * record applying: the stack moved under the plan by this very apply, which resumes
   * (spec and plan still checked, and Pulumi holds the apply to the plan).
   */
  async approvedApply(
    task: TaskOfPlan,
    spec: EnvironmentSpec,
    planFile: string | undefined,
  ): Promise<PlanRecord> {
    const record = await this.store.latestOfTask(task.taskId, 'apply', spec.id);
    if (!record || !planFile) {
      throw new InputError(
        `plan: ${spec.id} is applied only from a plan a second platform member approved; run ekyc:environment:preview in this task first and pass its plan output`,
      );
    }
    if (record.planFile !== planFile) {
      throw new InputError(
        `plan: ${planFile} is not the plan this task's preview recorded for approval (${record.planFile})`,
      );
    }
    const resumed = record.status === 'applying';
    const approved = resumed ? record : await this.decided(task, record);
    const stale = (why: string) =>
      this.markStale(
        approved,
        `${why}: run the template again for a new preview, and have it approved`,
      );
    if (approved.specHash !== specHashOf(spec)) {
      throw await stale(
        `the spec given to apply ${spec.id} is not the one previewed and approved`,
      );
    }
    if (
      (await fileHash(planFile).catch(() => 'missing')) !== approved.planHash
    ) {
      throw await stale(
        `the plan file of ${spec.id} changed since it was approved`,
      );
    }
    if (resumed && this.expired(approved)) {
      throw await stale(
        `plan ${approved.id} of ${spec.id} stopped midway more than ${
          this.settings.expireAfterMs / 3_600_000
        } h after it was requested`,
      );
    }
    if (resumed) {
      task.log(
        `plan ${approved.id} of ${spec.id} was being applied when this task stopped: the apply resumes`,
      );
      return approved;
    }
    await this.refuseIfStackMoved(approved, spec.id, stale);
    return this.applying(approved);
  }

  /**
   * Records a destroy as pending (once per task, so that a retried step waits on the
   * same record) and waits for its approval; refuses when the stack changed meanwhile.
   */
  async approvedDestroy(
    task: TaskOfPlan,
    spec: EnvironmentSpec,
  ): Promise<PlanRecord> {
    return this.approvedOperation(task, {
      operation: 'destroy',
      environmentId: spec.id,
      environmentKind: spec.kind,
      hash: specHashOf(spec),
      summary: count =>
        `${count} to delete: every resource of ${spec.id} and its data`,
      what: 'spec given to destroy',
    });
  }

  /**
   * Records the promotion of an Aurora global secondary as pending and waits for its
   * approval, as a destroy does: what is approved is this environment, this mode and
   * this cluster, at the stack's version of the request.
   */
  async approvedPromotion(
    task: TaskOfPlan,
    promotion: {
      environmentId: string;
      mode: string;
      targetClusterArn: string;
      summary: string;
    },
  ): Promise<PlanRecord> {
    const { summary, ...approved } = promotion;
    return this.approvedOperation(task, {
      operation: 'promote',
      environmentId: promotion.environmentId,
      environmentKind: 'region',
      hash: canonicalHash(approved),
      summary: () => summary,
      what: 'promotion asked for',
    });
  }

  private async approvedOperation(
    task: TaskOfPlan,
    operation: {
      operation: 'destroy' | 'promote';
      environmentId: string;
      environmentKind: string;
      hash: string;
      summary: (resourceCount: number) => string;
      what: string;
    },
  ): Promise<PlanRecord> {
    const id = operation.environmentId;
    let record = await this.store.latestOfTask(
      task.taskId,
      operation.operation,
      id,
    );
    if (
      !record ||
      record.status !== 'pending' ||
      record.specHash !== operation.hash
    ) {
      const standing = await (await this.stacks()).standing(id);
      record = await this.request(task, {
        taskId: task.taskId,
        environmentId: id,
        environmentKind: operation.environmentKind,
        operation: operation.operation,
        specHash: operation.hash,
        stackVersion: standing.version,
        summary: operation.summary(standing.resourceCount),
        steps: [],
        requesters: requestersOf(task),
      });
    }
    const approved = await this.decided(task, record);
    const stale = (why: string) =>
      this.markStale(
        approved,
        `${why}: run the ${operation.operation} again, and have it approved`,
      );
    if (approved.specHash !== operation.hash) {
      throw await stale(`the ${operation.what} ${id} is not the one approved`);
    }
    await this.refuseIfStackMoved(approved, id, stale);
    return this.applying(approved);
  }

  /**
   * A second platform member's decision, taken in the approvals view. `approverRef`'s
   * right to change environments was checked by the caller (the permission policy);
   * here: one decision per record, never by its requester.
   */
  async decide(
    id: string,
    approverRef: string,
    decision: 'approve' | 'reject',
    note?: string,
  ): Promise<PlanRecord> {
    const record = await this.store.get(id);
    const approver = normalisedUserRef(approverRef);
    // Refusals are audited as failed decisions, with who tried.
    const meta = {
      ...(record ? auditMeta(record) : { plan: id }),
      decision,
      decidedBy: approver,
    };
    await this.audited('plan-approval-decided', meta, async () => {
      if (!record) throw new NotFoundError(`no plan approval ${id}`);
      if (record.status !== 'pending') {
        throw new ConflictError(
          `plan ${id} of ${record.environmentId} is ${record.status}${
            record.decidedBy ? ` (by ${record.decidedBy})` : ''
          }, not pending: nothing to decide`,
        );
      }
      if (this.expired(record)) {
        await this.store.transition(id, 'pending', 'expired');
        throw new ConflictError(
          `plan ${id} of ${record.environmentId} expired unapproved: its requester runs the template again`,
        );
      }
      if (!record.requestedBy) {
        throw new NotAllowedError(
          `plan ${id} of ${record.environmentId} has no requester, so nobody can tell that an approval comes from someone else: run the template signed in`,
        );
      }
      if (record.requesters.includes(approver)) {
        throw new NotAllowedError(
          `${approver} requested plan ${id} of ${record.environmentId}: another platform member approves it`,
        );
      }
      if (decision === 'reject' && !note?.trim()) {
        throw new InputError(
          'note: a rejection says what the requester should change',
        );
      }
      const to = decision === 'approve' ? 'approved' : 'rejected';
      if (
        !(await this.store.transition(id, 'pending', to, {
          by: approver,
          note,
        }))
      ) {
        throw new ConflictError(
          `plan ${id} of ${record.environmentId} was decided by someone else meanwhile`,
        );
      }
    });
    return (await this.store.get(id))!;
  }

  /** An approved record whose operation starts now. */
  private async applying(record: PlanRecord): Promise<PlanRecord> {
    if (!(await this.store.transition(record.id, 'approved', 'applying'))) {
      throw new ConflictError(
        `plan ${record.id} of ${record.environmentId} changed while it was checked: run the template again for a new preview`,
      );
    }
    return { ...record, status: 'applying' };
  }

  /**
   * A task's operation left `applying` by a run that did not see it end (a restart):
   * what the operation's target reports now ends the record, and it is audited.
   */
  async settleApplying(
    task: TaskOfPlan,
    operation: 'promote',
    environmentId: string,
    ok: boolean,
  ): Promise<void> {
    const record = await this.store.latestOfTask(
      task.taskId,
      operation,
      environmentId,
    );
    if (record?.status === 'applying') await this.finished(record, ok);
  }

  /** After the operation: the record says whether its approved plan was applied. */
  async finished(record: PlanRecord, ok: boolean): Promise<void> {
    await this.store.transition(
      record.id,
      'applying',
      ok ? 'applied' : 'failed',
    );
    await this.audit(
      ok ? 'plan-applied' : 'plan-apply-failed',
      auditMeta({ ...record, status: ok ? 'applied' : 'failed' }),
    );
  }

  private async request(task: TaskOfPlan, plan: PlanRequest) {
    const record = await this.audited(
      'plan-approval-requested',
      {
        environmentId: plan.environmentId,
        operation: plan.operation,
        requestedBy: plan.requesters.join(', ') || 'none',
        taskId: plan.taskId,
      },
      () => this.store.request(plan),
    );
    task.log(
      `${plan.operation} of ${plan.environmentId} (${
        plan.summary
      }) waits for approval by a platform member other than ${
        plan.requesters.join(' and ') || 'the requester'
      }: plan ${record.id} at ${this.settings.approvalsUrl}`,
    );
    return record;
  }

  private expired(record: PlanRecord): boolean {
    return (
      Date.now() > Date.parse(record.requestedAt) + this.settings.expireAfterMs
    );
  }

  /** Polls the record until it is decided, the task is cancelled, or it expires. */
  private async decided(
    task: TaskOfPlan,
    record: PlanRecord,
  ): Promise<PlanRecord> {
    let current = record;
    for (;;) {
      if (current.status === 'pending' && current.operation === 'apply') {
        const grant = await this.store.takeGrant(task.taskId);
        if (grant) current = await this.applyGrant(current, grant);
      }
      if (current.status === 'approved') {
        task.log(
          `plan ${current.id} of ${current.environmentId}: requested by ${
            current.requestedBy ?? 'nobody named'
          }, approved by ${current.decidedBy}${
            current.decisionNote ? ` (${current.decisionNote})` : ''
          }`,
        );
        return current;
      }
      if (current.status === 'rejected') {
        throw new NotAllowedError(
          `plan ${current.id} of ${current.environmentId} was rejected by ${current.decidedBy}: ${current.decisionNote}`,
        );
      }
      if (current.status !== 'pending') {
        throw new ConflictError(
          `plan ${current.id} of ${current.environmentId} is ${current.status}: run the template again for a new preview`,
        );
      }
      if (
        this.expired(current) &&
        (await this.store.transition(current.id, 'pending', 'expired'))
      ) {
        throw new ConflictError(
          `plan ${current.id} of ${
            current.environmentId
          } was not approved within ${
            this.settings.expireAfterMs / 3_600_000
          } h: run the template again for a new preview`,
        );
      }
      try {
        await sleep(this.settings.pollMs, task.signal);
      } catch (error) {
        // Nobody waits for it any more: it is no one's to approve.
        await this.store.transition(current.id, 'pending', 'cancelled');
        throw error;
      }
      current = (await this.store.get(current.id)) ?? current;
    }
  }

  /** A ticket's approval, given on its form before this task's plan existed. */
  private async applyGrant(
    record: PlanRecord,
    grant: { requestedBy: string; approvedBy: string; basis: string },
  ): Promise<PlanRecord> {
    const requester = normalisedUserRef(grant.requestedBy);
    const approver = normalisedUserRef(grant.approvedBy);
    if (requester === approver || record.requesters.includes(approver)) {
      return record;
    }
    await this.audited(
      'plan-approval-decided',
      {
        ...auditMeta(record),
        decision: 'approve',
        decidedBy: approver,
        requestedBy: requester,
        basis: grant.basis,
      },
      async () => {
        await this.store.setRequester(record.id, requester);
        if (
          !(await this.store.transition(record.id, 'pending', 'approved', {
            by: approver,
            note: grant.basis,
          }))
        ) {
          throw new ConflictError(
            `plan ${record.id} was no longer pending when the ticket's approval came`,
          );
        }
      },
    );
    return (await this.store.get(record.id)) ?? record;
  }

  private async refuseIfStackMoved(
    record: PlanRecord,
    environmentId: string,
    stale: (why: string) => Promise<Error>,
  ) {
    const now = await (await this.stacks()).standing(environmentId);
    if (now.version !== record.stackVersion) {
      throw await stale(
        `the stack of ${environmentId} changed since plan ${record.id} was made (update ${record.stackVersion} then, ${now.version} now)`,
      );
    }
  }

  private async markStale(record: PlanRecord, why: string): Promise<Error> {
    await this.store.transition(record.id, record.status, 'stale', {
      note: why,
    });
    await this.audit('plan-stale', { ...auditMeta(record), why });
    return new ConflictError(why);
  }

  private async audited<T>(
    eventId: string,
    meta: Record<string, string>,
    act: () => Promise<T>,
  ): Promise<T> {
    const event = await this.auditor.createEvent({
      eventId,
      severityLevel: 'high',
      meta,
    });
    try {
      const result = await act();
      await event.success({ meta });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }

  private async audit(eventId: string, meta: Record<string, string>) {
    await this.audited(eventId, meta, async () => undefined).catch(error =>
      this.logger.warn(`could not audit ${eventId}: ${error}`),
    );
  }
}

function auditMeta(record: PlanRecord): Record<string, string> {
  return {
    plan: record.id,
    environmentId: record.environmentId,
    operation: record.operation,
    taskId: record.taskId,
    specHash: record.specHash,
    requestedBy: record.requestedBy ?? 'none',
    ...(record.decidedBy ? { approvedBy: record.decidedBy } : {}),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () =>
      new ConflictError('the task was cancelled while it waited for approval');
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
