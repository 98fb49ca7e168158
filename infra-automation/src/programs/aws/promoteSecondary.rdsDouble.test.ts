import {
  DoubleGlobalCluster,
  startRdsDouble,
} from '../../__testUtils__/rdsDouble';
import { promoteSecondary } from './promoteSecondary';

// The real SDK client against a local double of the RDS API (AWS cannot be reached
// from here).
const east = 'arn:aws:rds:us-east-1:123456789012:cluster:us-east-1-primary';
const west = 'arn:aws:rds:us-west-2:123456789012:cluster:us-west-2-secondary';

const usGlobal = (): DoubleGlobalCluster => ({
  id: 'ekyc-global-us-east-1',
  status: 'available',
  members: [
    { arn: east, isWriter: true },
    { arn: west, isWriter: false },
  ],
});

describe('promoteSecondary, with a local double of the RDS API', () => {
  let double: Awaited<ReturnType<typeof startRdsDouble>>;
  let cluster: DoubleGlobalCluster;
  beforeEach(async () => {
    cluster = usGlobal();
    double = await startRdsDouble([cluster]);
  });
  afterEach(() => double.close());

  it('switches over to the secondary without data loss and waits until it is the writer', async () => {
    const progress: string[] = [];
    const result = await promoteSecondary(double.client('us-west-2'), {
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      targetClusterArn: west,
      mode: 'switchover',
      pollMs: 5,
      onProgress: line => progress.push(line),
    });
    expect(result).toEqual({
      promoted: true,
      writerArn: west,
      formerWriterArn: east,
    });
    expect(double.requests.map(r => r.Action)).toEqual([
      'DescribeGlobalClusters',
      'SwitchoverGlobalCluster',
      'DescribeGlobalClusters',
      'DescribeGlobalClusters',
      'DescribeGlobalClusters',
    ]);
    expect(double.requests[1]).toMatchObject({
      GlobalClusterIdentifier: 'ekyc-global-us-east-1',
      TargetDbClusterIdentifier: west,
      signed: 'true',
    });
    expect(progress[0]).toBe(
      `switchover of ekyc-global-us-east-1 from ${east} to ${west}`,
    );
    expect(progress).toContain('ekyc-global-us-east-1: switching-over');
    expect(cluster.members).toEqual([
      { arn: east, isWriter: false },
      { arn: west, isWriter: true },
    ]);
  });

  it('fails over with data loss allowed when the primary region is down', async () => {
    await promoteSecondary(double.client('us-west-2'), {
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      targetClusterArn: west,
      mode: 'failover',
      pollMs: 5,
    });
    expect(double.requests[1]).toMatchObject({
      Action: 'FailoverGlobalCluster',
      AllowDataLoss: 'true',
      TargetDbClusterIdentifier: west,
    });
  });

  it('asks nothing more when run again after the promotion, and waits for one under way', async () => {
    cluster.members = [
      { arn: east, isWriter: false },
      { arn: west, isWriter: true },
    ];
    const again = await promoteSecondary(double.client('us-west-2'), {
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      targetClusterArn: west,
      mode: 'switchover',
    });
    expect(again).toEqual({ promoted: false, writerArn: west });
    expect(double.requests.map(r => r.Action)).toEqual([
      'DescribeGlobalClusters',
    ]);

    // Interrupted after Aurora accepted it: the retry waits, and asks no second time.
    cluster.members = usGlobal().members;
    cluster.status = 'switching-over';
    cluster.promotion = {
      from: east,
      to: west,
      status: 'switching-over',
      describesLeft: 2,
    };
    double.requests.length = 0;
    const resumed = await promoteSecondary(double.client('us-west-2'), {
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      targetClusterArn: west,
      mode: 'switchover',
      pollMs: 5,
    });
    expect(resumed.writerArn).toBe(west);
    expect(double.requests.map(r => r.Action)).not.toContain(
      'SwitchoverGlobalCluster',
    );
  });

  it('stops soon when Aurora ends the promotion without it, as a cancelled one', async () => {
    cluster.cancelsPromotions = true;
    await expect(
      promoteSecondary(double.client('us-west-2'), {
        globalClusterIdentifier: 'ekyc-global-us-east-1',
        targetClusterArn: west,
        mode: 'switchover',
        pollMs: 5,
      }),
    ).rejects.toThrow(
      `Aurora reports no promotion of ekyc-global-us-east-1 under way, and ${east} still writes: the promotion was cancelled or undone`,
    );
  });

  it("refuses a cluster that is not a member, and says Aurora's own refusal", async () => {
    await expect(
      promoteSecondary(double.client('us-west-2'), {
        globalClusterIdentifier: 'ekyc-global-us-east-1',
        targetClusterArn:
          'arn:aws:rds:ca-central-1:123456789012:cluster:elsewhere',
        mode: 'switchover',
      }),
    ).rejects.toThrow(
      'is not a member of the global database ekyc-global-us-east-1: promote a secondary of that database',
    );
    await expect(
      promoteSecondary(double.client('us-west-2'), {
        globalClusterIdentifier: 'ekyc-global-nowhere',
        targetClusterArn: west,
        mode: 'switchover',
      }),
    ).rejects.toThrow('Global cluster ekyc-global-nowhere not found');
    expect(double.requests.map(r => r.Action)).not.toContain(
      'SwitchoverGlobalCluster',
    );
  });
});
