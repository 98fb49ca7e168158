import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  DoubleGlobalCluster,
  startRdsDouble,
} from '@internal/infra-automation/testUtils';
import { parse } from 'yaml';
import { inMemorySqlite } from '../__testUtils__/inMemorySqlite';
import { PlanApprovals } from '../approvals/planApprovals';
import { PlanApprovalStore } from '../approvals/planApprovalStore';
import { Environments } from '../environments';
import { createPromoteAction } from './promote';

// AWS cannot be reached from here: the real SDK client talks to a local double of the
// RDS API, and the secondary's stack outputs are given as a region applied on target
// aws reports them. The approvals are the real ones, on SQLite.
const east = 'arn:aws:rds:us-east-1:123456789012:cluster:us-east-1-primary';
const west = 'arn:aws:rds:us-west-2:123456789012:cluster:us-west-2-secondary';
const requester = { ref: 'user:default/karim.hossain' };
const approver = 'user:default/amira.rahman';

const stackOf: Record<string, Record<string, unknown>> = {
  'us-west-2-secondary': {
    aws: {
      region: 'us-west-2',
      database: {
        role: 'replica',
        globalClusterIdentifier: 'ekyc-global-us-east-1',
        clusterArn: west,
      },
    },
  },
  'us-east-1-primary': {
    aws: {
      region: 'us-east-1',
      database: {
        role: 'primary',
        globalClusterIdentifier: 'ekyc-global-us-east-1',
        clusterArn: east,
      },
    },
  },
  'bd-dhaka-1': { dataLocations: [], servesCountries: ['BD'] },
};

const environments = async () =>
  ({
    runnerFor: (id: string) => ({
      outputs: async () => stackOf[id],
    }),
    planDir: '',
  } as unknown as Environments);

describe('ekyc:environment:promote, with a local RDS double', () => {
  let double: Awaited<ReturnType<typeof startRdsDouble>>;
  let cluster: DoubleGlobalCluster;
  let approvals: PlanApprovals;
  let auditor: ReturnType<typeof mockServices.auditor.mock>;
  let allowed: boolean;
  let action: TemplateAction<any, any>;

  beforeEach(async () => {
    cluster = {
      id: 'ekyc-global-us-east-1',
      status: 'available',
      members: [
        { arn: east, isWriter: true },
        { arn: west, isWriter: false },
      ],
    };
    double = await startRdsDouble([cluster]);
    auditor = mockServices.auditor.mock();
    approvals = new PlanApprovals(
      await PlanApprovalStore.create(inMemorySqlite()),
      {
        environments: [],
        expireAfterMs: 600_000,
        pollMs: 10,
        approvalsUrl: 'http://portal/ekyc-regions/approvals',
      },
      async () => ({
        standing: async () => ({ version: 4, resourceCount: 120 }),
        holdsSovereignData: async () => false,
      }),
      auditor,
      mockServices.logger.mock(),
    );
    allowed = true;
    action = createPromoteAction(
      environments,
      async (_ctx, what) => {
        if (!allowed) throw new NotAllowedError(`may not ${what}`);
      },
      approvals,
      region => double.client(region),
      auditor,
      5,
    );
  });
  afterEach(() => double.close());

  const run = async (input: Record<string, string | boolean>) => {
    const ctx = createMockActionContext({ input, user: requester });
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  };
  const exampleInput = () =>
    parse(action.examples![0].example).steps[0].input as Record<
      string,
      string | boolean
    >;

  /** The one pending approval, once the task has asked for it. */
  async function pending() {
    for (;;) {
      const [record] = await approvals.records.pending();
      if (record) return record;
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  it('promotes only after a second platform member approves, then the secondary is the writer', async () => {
    const promoting = run(exampleInput());
    const record = await pending();
    expect(record).toMatchObject({
      operation: 'promote',
      environmentId: 'us-west-2-secondary',
      environmentKind: 'region',
      summary:
        'failover of ekyc-global-us-east-1 to us-west-2-secondary (us-west-2): writes not yet replicated are lost',
      requestedBy: 'user:default/karim.hossain',
    });
    // Only Aurora's state was read before the approval.
    expect(double.requests.map(r => r.Action)).toEqual([
      'DescribeGlobalClusters',
    ]);
    await expect(
      approvals.decide(record.id, requester.ref, 'approve'),
    ).rejects.toThrow('another platform member approves it');
    await approvals.decide(record.id, approver, 'approve');
    expect(await promoting).toEqual({
      writerArn: west,
      formerWriterArn: east,
      promoted: true,
    });
    expect(double.requests[2]).toMatchObject({
      Action: 'FailoverGlobalCluster',
      AllowDataLoss: 'true',
      TargetDbClusterIdentifier: west,
      signed: 'true',
    });
    expect((await approvals.records.get(record.id))?.status).toBe('applied');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'environment-promote',
        severityLevel: 'high',
      }),
    );
  });

  it('refuses before any approval or change: no right, no confirm, a stack without Aurora; promotes nothing that already writes', async () => {
    allowed = false;
    await expect(run(exampleInput())).rejects.toThrow(
      'may not promote the database of us-west-2-secondary',
    );
    allowed = true;
    await expect(run({ ...exampleInput(), confirm: false })).rejects.toThrow(
      'confirm: promoting us-west-2-secondary makes its database the writer and loses the writes the primary had not yet replicated: set confirm: true to go ahead',
    );
    // The writer already: nothing to approve, nothing to ask of Aurora but its state.
    expect(
      await run({ ...exampleInput(), environmentId: 'us-east-1-primary' }),
    ).toEqual({ writerArn: east, promoted: false });
    expect(double.requests.map(r => r.Action)).toEqual([
      'DescribeGlobalClusters',
    ]);
    double.requests.length = 0;
    await expect(
      run({ ...exampleInput(), environmentId: 'bd-dhaka-1' }),
    ).rejects.toThrow(
      "environmentId: bd-dhaka-1's stack reports no Aurora cluster: promote a region applied on target aws",
    );
    expect(await approvals.records.pending()).toEqual([]);
    expect(double.requests).toEqual([]);
  });

  it('fails back: promotes the region applied as primary once it is a secondary again', async () => {
    cluster.members = [
      { arn: east, isWriter: false },
      { arn: west, isWriter: true },
    ];
    const promoting = run({
      environmentId: 'us-east-1-primary',
      mode: 'switchover',
      confirm: true,
    });
    await approvals.decide((await pending()).id, approver, 'approve');
    expect(await promoting).toEqual({
      writerArn: east,
      formerWriterArn: west,
      promoted: true,
    });
    expect(double.requests.map(r => r.Action)).toContain(
      'SwitchoverGlobalCluster',
    );
  });

  it('ends the record its first run left applying when a restarted run finds the promotion done', async () => {
    cluster.cancelsPromotions = false;
    const ctx = createMockActionContext({
      input: exampleInput(),
      user: requester,
    });
    // The first run completes; its record is then put back to applying, as a run
    // killed after Aurora's answer and before the record's end leaves it.
    const first = action.handler(ctx as any);
    await approvals.decide((await pending()).id, approver, 'approve');
    await first;
    const applied = await approvals.records.latestOfTask(
      ctx.task.id,
      'promote',
      'us-west-2-secondary',
    );
    expect(applied?.status).toBe('applied');
    // A record left applying is ended by the rerun that finds the writer moved.
    await approvals.records.transition(applied!.id, 'applied', 'applying');
    await action.handler(ctx as any);
    expect(
      (
        await approvals.records.latestOfTask(
          ctx.task.id,
          'promote',
          'us-west-2-secondary',
        )
      )?.status,
    ).toBe('applied');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'plan-applied' }),
    );
  });

  it('refuses a stack whose cluster is in another region than it says', async () => {
    const stack = stackOf['us-west-2-secondary'].aws as any;
    const arn = stack.database.clusterArn;
    stack.database.clusterArn = east;
    try {
      await expect(run(exampleInput())).rejects.toThrow(
        "environmentId: us-west-2-secondary's stack reports region us-west-2 but a cluster in another",
      );
    } finally {
      stack.database.clusterArn = arn;
    }
    expect(double.requests).toEqual([]);
  });

  it('waits for a promotion already under way, as after a restart, without asking anew', async () => {
    cluster.status = 'failing-over';
    cluster.promotion = {
      from: east,
      to: west,
      status: 'failing-over',
      describesLeft: 2,
    };
    expect(await run(exampleInput())).toEqual({
      writerArn: west,
      formerWriterArn: east,
      promoted: true,
    });
    expect(await approvals.records.pending()).toEqual([]);
    expect(double.requests.map(r => r.Action)).not.toContain(
      'FailoverGlobalCluster',
    );
  });

  it('records a failed promotion as failed, with what Aurora said', async () => {
    cluster.members = [{ arn: east, isWriter: true }];
    const promoting = run({ ...exampleInput(), mode: 'switchover' });
    const record = await pending();
    await approvals.decide(record.id, approver, 'approve');
    await expect(promoting).rejects.toThrow(
      `${west} is not a member of the global database ekyc-global-us-east-1`,
    );
    expect((await approvals.records.get(record.id))?.status).toBe('failed');
  });
});
