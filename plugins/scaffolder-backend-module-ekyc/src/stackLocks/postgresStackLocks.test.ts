// Two replicas' locks on the real PostgreSQL (EKYC_TEST_POSTGRES_URL, a database created
// for the test and dropped after it); each replica has its own connection pool.
import { sharedTestDatabase as postgres } from '../__testUtils__/testDatabases';
import { Knex } from 'knex';
import { PostgresStackLocks } from './postgresStackLocks';

// Without a server, testDatabases says so on the console (never silently).
const describeOnPostgres = postgres ? describe : describe.skip;

// Sized from the measured time with a wide margin (under a second each idle, a database created and dropped per test).
jest.setTimeout(60_000);

describeOnPostgres('stack locks across replicas (PostgreSQL)', () => {
  const stack = 'ekyc-environments/bd-dhaka-1';

  it('gives the lock to one replica, names its holder to the other, and passes it on release', async () => {
    const db = await postgres!.create();
    try {
      const [first, second] = await Promise.all([
        PostgresStackLocks.create(db),
        PostgresStackLocks.create(db),
      ]);
      const held = await first.tryAcquire(stack, 'task 1 (up)');
      expect('release' in held).toBe(true);
      expect(await second.tryAcquire(stack, 'task 2 (up)')).toEqual({
        heldBy: 'task 1 (up)',
      });
      // Another stack is not held up by it.
      const other = await second.tryAcquire('ekyc-environments/x', 'task 3');
      expect('release' in other).toBe(true);
      if ('release' in other) await other.release();
      if ('release' in held) await held.release();
      const after = await second.tryAcquire(stack, 'task 2 (up)');
      expect('release' in after).toBe(true);
      if ('release' in after) await after.release();
    } finally {
      await postgres!.drop(db);
    }
  });

  // A lapse far above the beat, so that a busy machine's late beat does not look dead.
  const beats = { heartbeatMs: 100, lapseMs: 5_000 };

  /**
   * Ends the connections a pool has open on the server now, and waits until they are
   * gone; the pool's heartbeat may open new ones meanwhile (its replica is alive), and
   * those are left, or the wait would never end.
   */
  async function endConnections(db: Knex, applicationName: string) {
    const open: Array<{ pid: number }> = await db('pg_stat_activity')
      .where({ application_name: applicationName })
      .select('pid');
    const pids = open.map(row => row.pid);
    await db.raw(
      'SELECT pg_terminate_backend(pid) FROM unnest(?::int[]) AS pid',
      [pids],
    );
    while ((await db('pg_stat_activity').whereIn('pid', pids)).length) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  it('releases the lock of a replica whose connection dies with it, once its heartbeat has lapsed, naming the dead holder', async () => {
    const db = await postgres!.create();
    const replica = await postgres!.connect(db, 'ekyc-dying-replica');
    try {
      const dying = await PostgresStackLocks.create(replica, beats);
      const lock = await dying.tryAcquire(stack, 'task 1 (up)');
      expect('release' in lock).toBe(true);
      const survivor = await PostgresStackLocks.create(db, beats);
      expect(await survivor.tryAcquire(stack, 'task 2 (up)')).toEqual({
        heldBy: 'task 1 (up)',
      });
      // The replica alive, its lock's connection lost: its heartbeat keeps the stack.
      await endConnections(db, 'ekyc-dying-replica');
      expect(await survivor.tryAcquire(stack, 'task 2 (up)')).toEqual({
        heldBy:
          "task 1 (up) (its replica lost the lock's database connection but is alive)",
      });
      // As kill -9 of the replica does: no more heartbeats (its pool is gone).
      await Promise.race([
        replica.destroy(),
        new Promise(resolve => setTimeout(resolve, 1000)),
      ]);
      await new Promise(resolve => setTimeout(resolve, beats.lapseMs + 200));
      const taken = await survivor.tryAcquire(stack, 'task 2 (up)');
      expect(taken).toMatchObject({ abandonedBy: 'task 1 (up)' });
      if ('release' in taken) await taken.release();
      // The dead replica's release stops its heartbeat; its pool is gone, so what
      // it asks of the server is not waited for.
      if ('release' in lock) {
        await Promise.race([
          lock.release().catch(() => undefined),
          new Promise(resolve => setTimeout(resolve, 500)),
        ]);
      }
    } finally {
      // Closing a connection the server has ended never completes in node-postgres:
      // the dead replica's pool is given a second to close, then left.
      await Promise.race([
        replica.destroy(),
        new Promise(resolve => setTimeout(resolve, 1000)),
      ]);
      await postgres!.drop(db);
    }
  });
});
