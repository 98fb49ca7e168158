/**
 * A cap on concurrent Pulumi operations in this process: each one runs a CLI and its
 * language host and providers, and a burst of requests must not exhaust the host.
 * Requests over the cap wait in arrival order; a waiting request that is cancelled
 * leaves the queue.
 */
export class OperationSlots {
  private running = 0;
  private readonly waiting: Array<{ start: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(
        `maxConcurrentOperations must be a whole number of at least 1, not ${limit}`,
      );
    }
  }

  /**
   * Resolves with the release function once a slot is free; `onQueued` hears how many
   * operations are ahead (running or waiting) when this one has to wait.
   */
  async acquire(
    onQueued: (ahead: number) => void,
    signal?: AbortSignal,
  ): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.running < this.limit) {
      this.running += 1;
      return this.releaser();
    }
    // Ahead of it: every running operation and every one waiting already.
    onQueued(this.running + this.waiting.length);
    await new Promise<void>((resolve, reject) => {
      const entry = { start: resolve };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(signal!.reason);
      };
      entry.start = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
    // The slot was handed over by the releaser: running stays as it was.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running -= 1;
    };
  }
}
