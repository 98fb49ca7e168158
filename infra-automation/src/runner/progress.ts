import { automation } from '@pulumi/pulumi';

/** What the runner reports while an operation runs, in the order it happens. */
export type ProgressEvent =
  | {
      type: 'resource';
      urn: string;
      resourceType: string;
      operation: string;
      status: 'started' | 'done' | 'failed';
      /** From started to done or failed. */
      durationMs?: number;
    }
  | { type: 'diagnostic'; severity: string; message: string; urn?: string }
  | { type: 'heartbeat'; elapsedMs: number; inFlight: string[] }
  | { type: 'summary'; changes: Record<string, number> }
  /** Waiting for a slot: `ahead` operations run or wait before it, `limit` run at once. */
  | { type: 'queued'; ahead: number; limit: number };

/** A resource an operation changes (or would change), and the properties that differ. */
export interface PlannedStep {
  urn: string;
  resourceType: string;
  operation: string;
  diffs: string[];
}

// Steps that change nothing in the cluster or the cloud.
const unchangingOps = new Set(['same', 'read', 'refresh']);

/**
 * Turns Pulumi engine events into ProgressEvents and emits a heartbeat every
 * `heartbeatMs` while the operation runs, so that a quiet long step (a GPU node pool
 * coming up) still shows life to a task log or a load balancer.
 */
export class ProgressTracker {
  private readonly started = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly startedAt: number;
  private readonly changing: PlannedStep[] = [];

  constructor(
    private readonly emit: (event: ProgressEvent) => void,
    heartbeatMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
  }

  onEngineEvent = (event: automation.EngineEvent): void => {
    const pre = event.resourcePreEvent?.metadata;
    if (pre) {
      if (!unchangingOps.has(pre.op)) {
        this.changing.push({
          ...this.step(pre),
          diffs: pre.diffs ?? [],
        });
      }
      this.started.set(pre.urn, this.now());
      this.emit({ ...this.resource(pre), status: 'started' });
      return;
    }
    const done = event.resOutputsEvent?.metadata;
    if (done) {
      this.emit({
        ...this.resource(done),
        status: 'done',
        durationMs: this.finish(done.urn),
      });
      return;
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) {
      this.emit({
        ...this.resource(failed),
        status: 'failed',
        durationMs: this.finish(failed.urn),
      });
      return;
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic && !diagnostic.ephemeral) {
      this.emit({
        type: 'diagnostic',
        severity: diagnostic.severity,
        message: diagnostic.message.trim(),
        urn: diagnostic.urn,
      });
      return;
    }
    if (event.summaryEvent) {
      this.emit({
        type: 'summary',
        changes: { ...event.summaryEvent.resourceChanges },
      });
    }
  };

  /** The changing steps seen so far, in the engine's order. */
  get steps(): PlannedStep[] {
    return [...this.changing];
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private heartbeat(): void {
    this.emit({
      type: 'heartbeat',
      elapsedMs: this.now() - this.startedAt,
      inFlight: [...this.started.keys()],
    });
  }

  private step(metadata: automation.StepEventMetadata) {
    return {
      urn: metadata.urn,
      resourceType: metadata.type,
      operation: metadata.op,
    };
  }

  private resource(metadata: automation.StepEventMetadata) {
    return { type: 'resource' as const, ...this.step(metadata) };
  }

  private finish(urn: string): number | undefined {
    const started = this.started.get(urn);
    this.started.delete(urn);
    return started === undefined ? undefined : this.now() - started;
  }
}
