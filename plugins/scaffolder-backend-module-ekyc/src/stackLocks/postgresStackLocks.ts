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

/**
 * One operation per stack across the portal's replicas: a PostgreSQL session-level
 * advisory lock per stack, held on a connection of its own for the operation, so that a
 * replica that dies (kill -9 included) releases it with its connection. Who holds each
 * lock is written beside it, for the conflict to name.
 */
export class PostgresStackLocks implements StackLocks {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<PostgresStackLocks> {
    await createTableOnce(db, holders, table => {
      table.string('stack_ref').primary();
      table.string('holder').notNullable();
      table.timestamp('acquired_at').notNullable().defaultTo(db.fn.now());
    });
    return new PostgresStackLocks(db);
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
        // A holder's row outlives the lock only when its operation died (its replica
        // was killed): the new holder replaces it, and clears what it left.
        abandonedBy = (
          await this.db(holders).where({ stack_ref: stackRef }).first()
        )?.holder;
        await this.db(holders)
          .insert({
            stack_ref: stackRef,
            holder,
            acquired_at: this.db.fn.now(),
          })
          .onConflict('stack_ref')
          .merge();
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
    return {
      abandonedBy,
      release: async () => {
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
