import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  parseEnvironmentSpec,
  parseEnvironmentSpecYaml,
} from '@internal/ekyc-domain';
import { Knex } from 'knex';
import { testDatabases } from '../__testUtils__/testDatabases';
import {
  PlanApprovals,
  PlanApprovalSettings,
  TaskOfPlan,
} from './planApprovals';
import { PlanApprovalStore } from './planApprovalStore';

// The store on real databases (SQLite, and PostgreSQL where configured); where the
// stack stands is given by each test, as the runner would read it from the Pulumi
// backend.
const examples = path.resolve(__dirname, '../../../../examples');
const specOf = (file: string) =>
  parseEnvironmentSpecYaml(fs.readFileSync(path.join(examples, file), 'utf8'));
const site = specOf('sovereign-site-bd.yaml');
const region = specOf('region-ap-southeast-1.yaml');
const requester = 'user:default/karim.hossain';
const approver = 'user:default/amira.rahman';

describe.each(testDatabases)(
  'plan approvals (real $engine store)',
  database => {
    let db: Knex;
    let dir: string;
    let planFile: string;
    let stack: { version: number; resourceCount: number };
    let sovereignData: boolean;
    const stacks = {
      standing: async () => stack,
      holdsSovereignData: async () => sovereignData,
    };
    let auditor: ReturnType<typeof mockServices.auditor.mock>;
    let approvals: PlanApprovals;
    const log: string[] = [];
    // A ticket's run has no user: `null` here.
    const task = (taskId = 'task-1', userRef: string | null = requester) => ({
      taskId,
      userRef: userRef ?? undefined,
      log: (line: string) => log.push(line),
    });
    const settings: PlanApprovalSettings = {
      environments: [],
      expireAfterMs: 60_000,
      pollMs: 5,
      approvalsUrl: 'http://portal/ekyc-regions/approvals',
    };

    beforeEach(async () => {
      db = await database.create();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-approvals-'));
      planFile = path.join(dir, 'task-1-bd-dhaka-1.plan.json');
      fs.writeFileSync(planFile, '{"resourcePlans":{}}');
      stack = { version: 3, resourceCount: 24 };
      sovereignData = false;
      auditor = mockServices.auditor.mock();
      log.length = 0;
      approvals = new PlanApprovals(
        await PlanApprovalStore.create(db),
        settings,
        async () => stacks,
        auditor,
        mockServices.logger.mock(),
      );
    });

    afterEach(async () => {
      await database.drop(db);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const requestApply = (taskOf: TaskOfPlan = task()) =>
      approvals.requestApply(taskOf, site, {
        planFile,
        stackVersion: stack.version,
        summary: '24 to create',
        steps: [
          {
            operation: 'create',
            resourceType: 'kubernetes:core/v1:Namespace',
            name: 'ekyc-bd-dhaka-1',
            diffs: [],
          },
        ],
      });

    it('needs approval for every destroy and every sovereign site, and for the ids the config names', async () => {
      expect(await approvals.required(site, 'apply')).toBe(true);
      expect(await approvals.required(region, 'apply')).toBe(false);
      expect(await approvals.required(region, 'destroy')).toBe(true);
      // A spec calling a sovereign site's stack a region is still the site's.
      sovereignData = true;
      expect(await approvals.required(region, 'apply')).toBe(true);
      sovereignData = false;
      const named = new PlanApprovals(
        approvals.records,
        { ...settings, environments: ['ap-southeast-1-primary'] },
        async () => stacks,
        auditor,
        mockServices.logger.mock(),
      );
      expect(await named.required(region, 'apply')).toBe(true);
    });

    it('applies only after another platform member approves, naming both, and audits each step', async () => {
      const record = await requestApply();
      expect(record).toMatchObject({
        status: 'pending',
        requestedBy: requester,
        stackVersion: 3,
      });
      expect(log.pop()).toContain(
        `waits for approval by a platform member other than ${requester}: plan ${record.id} at http://portal/ekyc-regions/approvals`,
      );
      const waiting = approvals.approvedApply(task(), site, planFile);
      await expect(
        approvals.decide(record.id, 'User:Karim.Hossain', 'approve'),
      ).rejects.toThrow(
        `${requester} requested plan ${record.id} of bd-dhaka-1: another platform member approves it`,
      );
      await approvals.decide(record.id, approver, 'approve');
      await expect(
        approvals.decide(record.id, approver, 'approve'),
      ).rejects.toThrow(`is approved (by ${approver}), not pending`);
      const approved = await waiting;
      expect(approved).toMatchObject({
        status: 'applying',
        decidedBy: approver,
      });
      expect(log.pop()).toBe(
        `plan ${record.id} of bd-dhaka-1: requested by ${requester}, approved by ${approver}`,
      );
      await approvals.finished(approved, true);
      expect((await approvals.records.get(record.id))?.status).toBe('applied');
      const audited = auditor.createEvent.mock.calls.map(([event]) => [
        event.eventId,
        event.meta?.requestedBy,
        event.meta?.decidedBy ?? event.meta?.approvedBy,
      ]);
      expect(audited).toEqual([
        ['plan-approval-requested', requester, undefined],
        ['plan-approval-decided', requester, requester],
        ['plan-approval-decided', requester, approver],
        ['plan-approval-decided', requester, approver],
        ['plan-applied', requester, approver],
      ]);
      // The refused self-approval and the second decision are failed events.
      const events = await Promise.all(
        auditor.createEvent.mock.results.map(result => result.value),
      );
      expect(
        events.map(event => (event.fail.mock.calls.length ? 'failed' : 'done')),
      ).toEqual(['done', 'failed', 'done', 'failed', 'done']);
    });

    it('refuses a stale plan, a changed plan file and a changed spec, saying what to do', async () => {
      const first = await requestApply();
      await approvals.decide(first.id, approver, 'approve');
      stack = { version: 4, resourceCount: 24 };
      await expect(
        approvals.approvedApply(task(), site, planFile),
      ).rejects.toThrow(
        `the stack of bd-dhaka-1 changed since plan ${first.id} was made (update 3 then, 4 now): run the template again for a new preview, and have it approved`,
      );
      expect((await approvals.records.get(first.id))?.status).toBe('stale');

      const second = await requestApply(task('task-2'));
      await approvals.decide(second.id, approver, 'approve');
      fs.writeFileSync(planFile, '{"resourcePlans":{"edited":{}}}');
      await expect(
        approvals.approvedApply(task('task-2'), site, planFile),
      ).rejects.toThrow(
        'the plan file of bd-dhaka-1 changed since it was approved',
      );

      const third = await requestApply(task('task-3'));
      await approvals.decide(third.id, approver, 'approve');
      const edited = parseEnvironmentSpec({
        ...site,
        gpuPool: { ...site.gpuPool, maxNodes: 8 },
      });
      await expect(
        approvals.approvedApply(task('task-3'), edited, planFile),
      ).rejects.toThrow(
        'the spec given to apply bd-dhaka-1 is not the one previewed and approved',
      );
    });

    it('a newer preview supersedes a pending one; a rejection stops the wait with its reason', async () => {
      const older = await requestApply(task('task-1'));
      const newer = await requestApply(task('task-2'));
      expect((await approvals.records.get(older.id))?.status).toBe(
        'superseded',
      );
      await expect(
        approvals.approvedApply(task('task-1'), site, planFile),
      ).rejects.toThrow(
        `plan ${older.id} of bd-dhaka-1 is superseded: run the template again for a new preview`,
      );
      await expect(
        approvals.decide(newer.id, approver, 'reject'),
      ).rejects.toThrow(
        'note: a rejection says what the requester should change',
      );
      // The wait's rejection is caught before the decision: the wait may end
      // while the decision is still being written.
      const waiting = approvals
        .approvedApply(task('task-2'), site, planFile)
        .then(
          () => new Error('the rejected plan was applied'),
          (error: Error) => error,
        );
      await approvals.decide(
        newer.id,
        approver,
        'reject',
        'two GPU nodes are too few for Dhaka',
      );
      expect((await waiting).message).toBe(
        `plan ${newer.id} of bd-dhaka-1 was rejected by ${approver}: two GPU nodes are too few for Dhaka`,
      );
    });

    it('lets a task taken up again after its replica died resume applying its approved plan, the stack moved by that apply', async () => {
      const record = await requestApply();
      const waiting = approvals.approvedApply(task(), site, planFile);
      await approvals.decide(record.id, approver, 'approve');
      await waiting;
      // The replica dies mid-apply: the stack has moved, the record is applying.
      stack = { ...stack, version: 4 };
      const resumed = await approvals.approvedApply(task(), site, planFile);
      expect(resumed).toMatchObject({ id: record.id, status: 'applying' });
      expect(log.pop()).toBe(
        `plan ${record.id} of bd-dhaka-1 was being applied when this task stopped: the apply resumes`,
      );
      // Still the approved plan and spec only.
      fs.writeFileSync(planFile, '{"resourcePlans":{"changed":{}}}');
      await expect(
        approvals.approvedApply(task(), site, planFile),
      ).rejects.toThrow(
        'the plan file of bd-dhaka-1 changed since it was approved',
      );
      expect((await approvals.records.get(record.id))?.status).toBe('stale');
    });

    it('an unapproved plan expires, and its task stops waiting', async () => {
      const record = await requestApply();
      const expiring = new PlanApprovals(
        approvals.records,
        { ...settings, expireAfterMs: 1 },
        async () => stacks,
        auditor,
        mockServices.logger.mock(),
      );
      // Timestamps are kept to the second.
      await new Promise(resolve => setTimeout(resolve, 1100));
      await expect(
        expiring.approvedApply(task(), site, planFile),
      ).rejects.toThrow(
        `plan ${record.id} of bd-dhaka-1 was not approved within`,
      );
      expect((await approvals.records.get(record.id))?.status).toBe('expired');
    });

    it("a ticket's grant approves its run's plan; one by the requester is no approval; without a requester nobody may approve", async () => {
      const ticketTask = task('task-t', null);
      const record = await requestApply(ticketTask);
      await expect(
        approvals.decide(record.id, approver, 'approve'),
      ).rejects.toThrow(
        'has no requester, so nobody can tell that an approval comes from someone else',
      );
      await approvals.records.grant({
        taskId: 'task-t',
        requestedBy: 'user:default/tanvir.hossain',
        approvedBy: approver,
        basis:
          'ticket https://github.com/ekyc/requests/issues/7, form sha256:1',
      });
      const approved = await approvals.approvedApply(
        ticketTask,
        site,
        planFile,
      );
      // The grant approves that one plan: a retry's new preview waits for a person.
      expect(await approvals.records.takeGrant('task-t')).toBeUndefined();
      expect(approved).toMatchObject({
        status: 'applying',
        requestedBy: 'user:default/tanvir.hossain',
        decidedBy: approver,
        decisionNote:
          'ticket https://github.com/ekyc/requests/issues/7, form sha256:1',
      });

      const selfTask = task('task-s', null);
      const own = await requestApply(selfTask);
      await approvals.records.grant({
        taskId: 'task-s',
        requestedBy: approver,
        approvedBy: 'User:Amira.Rahman',
        basis: 'ticket',
      });
      const controller = new AbortController();
      const waiting = approvals.approvedApply(
        { ...selfTask, signal: controller.signal },
        site,
        planFile,
      );
      await new Promise(resolve => setTimeout(resolve, 50));
      expect((await approvals.records.get(own.id))?.status).toBe('pending');
      controller.abort();
      await expect(waiting).rejects.toThrow('cancelled');
    });

    it('a retry by another member makes both requesters: neither may approve', async () => {
      const retried = await requestApply({
        ...task('task-r'),
        initiatorRef: 'user:default/daniel.nguyen',
      });
      expect(retried.requesters).toEqual([
        requester,
        'user:default/daniel.nguyen',
      ]);
      for (const who of ['user:default/daniel.nguyen', requester]) {
        await expect(
          approvals.decide(retried.id, who, 'approve'),
        ).rejects.toThrow('another platform member approves it');
      }
      await approvals.decide(retried.id, approver, 'approve');
    });

    it('a plan past its expiry cannot be approved; a cancelled wait leaves it cancelled', async () => {
      const record = await requestApply();
      await db('ekyc_plan_approvals')
        .where({ id: record.id })
        .update({ requested_at: '2026-01-01 00:00:00' });
      await expect(
        approvals.decide(record.id, approver, 'approve'),
      ).rejects.toThrow(`plan ${record.id} of bd-dhaka-1 expired unapproved`);
      expect((await approvals.records.get(record.id))?.status).toBe('expired');
      const next = await requestApply(task('task-c'));
      const controller = new AbortController();
      const waiting = approvals.approvedApply(
        { ...task('task-c'), signal: controller.signal },
        site,
        planFile,
      );
      await new Promise(resolve => setTimeout(resolve, 20));
      controller.abort();
      await expect(waiting).rejects.toThrow('cancelled');
      expect((await approvals.records.get(next.id))?.status).toBe('cancelled');
      await expect(
        approvals.decide(next.id, approver, 'approve'),
      ).rejects.toThrow('is cancelled, not pending');
    });

    it('a destroy is recorded once per task, with what it deletes, and waits like an apply', async () => {
      const waiting = approvals.approvedDestroy(task('task-d'), site);
      await new Promise(resolve => setTimeout(resolve, 50));
      const [pending] = await approvals.records.pending();
      expect(pending).toMatchObject({
        operation: 'destroy',
        summary: '24 to delete: every resource of bd-dhaka-1 and its data',
        requestedBy: requester,
      });
      await approvals.decide(pending.id, approver, 'approve');
      expect((await waiting).id).toBe(pending.id);
    });
  },
);
