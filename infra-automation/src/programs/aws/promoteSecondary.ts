import {
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  GlobalCluster,
  RDSClient,
  SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';

/**
 * `switchover`: the primary region is healthy; Aurora waits until the secondary has
 * caught up, so no write is lost. `failover`: the primary region is down; the secondary
 * takes over with what it has, and writes not yet replicated are lost.
 */
export type PromotionMode = 'switchover' | 'failover';

export interface Promotion {
  /** The global database both clusters belong to. */
  globalClusterIdentifier: string;
  /** The secondary cluster that becomes the writer. */
  targetClusterArn: string;
  mode: PromotionMode;
  /** How often, and how long, to wait for Aurora to finish. */
  pollMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

export interface PromotionResult {
  /** False when the target was already the writer: nothing was asked of Aurora. */
  promoted: boolean;
  writerArn: string;
  /** The former writer, now a reader (switchover) or out of reach (failover). */
  formerWriterArn?: string;
}

async function globalCluster(
  rds: RDSClient,
  id: string,
  signal?: AbortSignal,
): Promise<GlobalCluster> {
  const { GlobalClusters } = await rds.send(
    new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: id }),
    { abortSignal: signal },
  );
  const found = GlobalClusters?.[0];
  if (!found) throw new Error(`Aurora has no global database ${id}`);
  return found;
}

/** An RDS client of a region on AWS's default credential chain (the portal's own). */
export const rdsClientOf = (region: string) => new RDSClient({ region });

const writerOf = (cluster: GlobalCluster) =>
  cluster.GlobalClusterMembers?.find(member => member.IsWriter)?.DBClusterArn;

/**
 * Which cluster writes for a global database now, and which one a promotion under way
 * is making the writer, as Aurora reports them.
 */
export async function globalDatabaseState(
  rds: RDSClient,
  id: string,
  signal?: AbortSignal,
): Promise<{ writerArn?: string; promotingTo?: string }> {
  const cluster = await globalCluster(rds, id, signal);
  return {
    writerArn: writerOf(cluster),
    promotingTo: cluster.FailoverState?.Status
      ? cluster.FailoverState.ToDbClusterArn
      : undefined,
  };
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });

/** Reads in a row with no promotion under way and another writer: Aurora is not promoting. */
const idleReadsAllowed = 3;

/**
 * Makes an Aurora global secondary the writer of its global database, then waits until
 * Aurora reports it so. Run again after an interruption, it finds the target already
 * the writer and asks nothing more.
 */
export async function promoteSecondary(
  rds: RDSClient,
  promotion: Promotion,
): Promise<PromotionResult> {
  const {
    globalClusterIdentifier: id,
    targetClusterArn: target,
    signal,
  } = promotion;
  const say = promotion.onProgress ?? (() => undefined);
  const before = await globalCluster(rds, id, signal);
  if (!before.GlobalClusterMembers?.some(m => m.DBClusterArn === target)) {
    throw new Error(
      `${target} is not a member of the global database ${id}: promote a secondary of that database`,
    );
  }
  const formerWriterArn = writerOf(before);
  const inFlight = before.FailoverState?.ToDbClusterArn === target;
  if (formerWriterArn === target && !before.FailoverState?.Status) {
    say(`${target} is already the writer of ${id}: nothing to promote`);
    return { promoted: false, writerArn: target };
  }
  if (!inFlight) {
    say(
      `${promotion.mode} of ${id} from ${
        formerWriterArn ?? 'no reachable writer'
      } to ${target}`,
    );
    const request = {
      GlobalClusterIdentifier: id,
      TargetDbClusterIdentifier: target,
    };
    await rds.send(
      promotion.mode === 'switchover'
        ? new SwitchoverGlobalClusterCommand(request)
        : new FailoverGlobalClusterCommand({ ...request, AllowDataLoss: true }),
      { abortSignal: signal },
    );
  } else {
    say(`a promotion of ${id} to ${target} is under way: waiting for it`);
  }
  const deadline = Date.now() + (promotion.timeoutMs ?? 30 * 60_000);
  let idleReads = 0;
  for (;;) {
    const now = await globalCluster(rds, id, signal);
    const writer = writerOf(now);
    idleReads =
      !now.FailoverState?.Status && writer !== target ? idleReads + 1 : 0;
    if (idleReads >= idleReadsAllowed) {
      throw new Error(
        `Aurora reports no promotion of ${id} under way, and ${
          writer ?? 'no cluster'
        } still writes: the promotion was cancelled or undone; check the global database in the RDS console, then run the promotion again`,
      );
    }
    if (
      writer === target &&
      !now.FailoverState?.Status &&
      now.Status === 'available'
    ) {
      say(`${target} is the writer of ${id}`);
      return { promoted: true, writerArn: target, formerWriterArn };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${id} is still ${now.Status}${
          now.FailoverState?.Status ? ` (${now.FailoverState.Status})` : ''
        } with writer ${
          writer ?? 'none'
        }: check it in the RDS console, then run the promotion again`,
      );
    }
    const stage = now.FailoverState?.Status;
    say(
      `${id}: ${now.Status}${
        stage && stage !== now.Status ? `, ${stage}` : ''
      }`,
    );
    await pause(promotion.pollMs ?? 15_000, signal);
  }
}
