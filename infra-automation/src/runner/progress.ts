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
  | { type: 'summary'; changes: Record<string, number> };

/**
 * Turns Pulumi engine events into ProgressEvents and emits a heartbeat every
 * `heartbeatMs` while the operation runs, so that a quiet long step (a GPU node pool
 * coming up) still shows life to a task log or a load balancer.
 */
export class ProgressTracker {
  private readonly started = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly startedAt: number;

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

  private resource(metadata: automation.StepEventMetadata) {
    return {
      type: 'resource' as const,
      urn: metadata.urn,
      resourceType: metadata.type,
      operation: metadata.op,
    };
  }

  private finish(urn: string): number | undefined {
    const started = this.started.get(urn);
    this.started.delete(urn);
    return started === undefined ? undefined : this.now() - started;
  }
}
