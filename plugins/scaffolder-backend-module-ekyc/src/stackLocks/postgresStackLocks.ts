import { createHash } from 'node:crypto';
import type { StackLock, StackLocks } from '@internal/infra-automation/runner';
import { Knex } from 'knex';
import { createTableOnce } from '../createTableOnce';

const holders = 'ekyc_stack_lock_holders';

/** The advisory lock's key: a stack's reference as a signed 64-bit integer. */
function lockKey(stackRef: string): string {
  return createHash('sha256')
    .update(`ekyc-stack:${stackRef}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

interface PgConnection {
  query(
    sql: string,
    values: unknown[],
  ): Promise<{ rows: Array<Record<string, unknown>> }>;
}

export interface HeartbeatSettings {
  /** How often a holder says it is alive. */
  heartbeatMs: number;
  /**
   * How long without a heartbeat before a holder counts as dead; shorter than the
   * scaffolder's taskRecovery.staleTimeout (30 s), so that a recovered task's up finds
   * the dead holder's stack free.
   */
  lapseMs: number;
}

/**
 * One operation per stack across the portal's replicas: a PostgreSQL session-level
 * advisory lock per stack, held on a connection of its own for the operation, so that a
 * replica that dies (kill -9 included) releases it with its connection. Who holds each
 * lock is written beside it, for the conflict to name, with a heartbeat: a lock freed
 * while its holder still beats (its connection dropped, the replica alive) is not taken.
 */
export class PostgresStackLocks implements StackLocks {
  private constructor(
    private readonly db: Knex,
    private readonly settings: HeartbeatSettings,
  ) {}

  static async create(
    db: Knex,
    settings: HeartbeatSettings = { heartbeatMs: 5_000, lapseMs: 20_000 },
  ): Promise<PostgresStackLocks> {
    await createTableOnce(db, holders, table => {
      table.string('stack_ref').primary();
      table.string('holder').notNullable();
      table.timestamp('acquired_at').notNullable().defaultTo(db.fn.now());
      table.bigInteger('heartbeat_at');
    });
    // Tables made before the heartbeat get its column.
    if (!(await db.schema.hasColumn(holders, 'heartbeat_at'))) {
      await db.schema
        .alterTable(holders, table => table.bigInteger('heartbeat_at'))
        .catch(async error => {
          if (!(await db.schema.hasColumn(holders, 'heartbeat_at')))
            throw error;
        });
    }
    return new PostgresStackLocks(db, settings);
  }

  async tryAcquire(
    stackRef: string,
    holder: string,
  ): Promise<StackLock | { heldBy: string }> {
    const key = lockKey(stackRef);
    const connection: PgConnection = await this.db.client.acquireConnection();
    let held = false;
    let heldBy = 'an operation of another replica';
    let abandonedBy: string | undefined;
    try {
      const { rows } = await connection.query(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [key],
      );
      if (rows[0]?.locked) {
        held = true;
        // A holder's row outlives the lock when its operation died (its replica was
        // killed): the new holder replaces it, and clears what it left. One that
        // still beats lost only its lock's connection, and keeps the stack.
        const previous = await this.db(holders)
          .where({ stack_ref: stackRef })
          .first();
        const beating =
          previous?.heartbeat_at &&
          Date.now() - Number(previous.heartbeat_at) < this.settings.lapseMs;
        if (beating) {
          await this.unlock(connection, key);
          held = false;
          heldBy = `${previous.holder} (its replica lost the lock's database connection but is alive)`;
        } else {
          abandonedBy = previous?.holder;
          await this.db(holders)
            .insert({
              stack_ref: stackRef,
              holder,
              acquired_at: this.db.fn.now(),
              heartbeat_at: Date.now(),
            })
            .onConflict('stack_ref')
            .merge();
        }
      } else {
        const row = await this.db(holders)
          .where({ stack_ref: stackRef })
          .first();
        heldBy = row?.holder ?? heldBy;
      }
    } catch (error) {
      if (held) await this.unlock(connection, key).catch(() => undefined);
      await this.db.client.releaseConnection(connection);
      throw error;
    }
    if (!held) {
      await this.db.client.releaseConnection(connection);
      return { heldBy };
    }
    const heartbeat = setInterval(() => {
      this.db(holders)
        .where({ stack_ref: stackRef, holder })
        .update({ heartbeat_at: Date.now() })
        .catch(() => undefined);
    }, this.settings.heartbeatMs);
    heartbeat.unref();
    return {
      abandonedBy,
      release: async () => {
        clearInterval(heartbeat);
        try {
          await this.db(holders)
            .where({ stack_ref: stackRef, holder })
            .delete();
          await this.unlock(connection, key);
        } finally {
          await this.db.client.releaseConnection(connection);
        }
      },
    };
  }

  private unlock(connection: PgConnection, key: string) {
    return connection.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  }
}
