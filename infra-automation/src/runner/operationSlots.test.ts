import { OperationSlots } from './operationSlots';

describe('OperationSlots', () => {
  it('runs up to the limit at once, then the rest in arrival order, saying how many are ahead', async () => {
    const slots = new OperationSlots(2);
    const queued: number[] = [];
    const order: string[] = [];
    const releaseA = await slots.acquire(ahead => queued.push(ahead));
    const releaseB = await slots.acquire(ahead => queued.push(ahead));
    const c = slots
      .acquire(ahead => queued.push(ahead))
      .then(release => {
        order.push('c');
        return release;
      });
    const d = slots
      .acquire(ahead => queued.push(ahead))
      .then(release => {
        order.push('d');
        return release;
      });
    expect(queued).toEqual([2, 3]);
    releaseA();
    releaseA(); // a second release frees nothing more
    const releaseC = await c;
    expect(order).toEqual(['c']);
    releaseB();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    // All free again: the next one starts at once.
    const next: number[] = [];
    (await slots.acquire(ahead => next.push(ahead)))();
    expect(next).toEqual([]);
  });

  it('lets a cancelled waiter leave the queue without taking a slot', async () => {
    const slots = new OperationSlots(1);
    const release = await slots.acquire(() => {});
    const controller = new AbortController();
    const waiting = slots.acquire(() => {}, controller.signal);
    controller.abort(new Error('task cancelled'));
    await expect(waiting).rejects.toThrow('task cancelled');
    release();
    const queued: number[] = [];
    (await slots.acquire(ahead => queued.push(ahead)))();
    expect(queued).toEqual([]);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new OperationSlots(0)).toThrow(
      'maxConcurrentOperations must be a whole number of at least 1, not 0',
    );
  });
});
