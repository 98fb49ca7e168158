import { Knex } from 'knex';
import { createTableOnce } from '../../createTableOnce';

const nonces = 'ekyc_json_delivery_nonces';

/**
 * Every JSON delivery id the ingress has let through, in the database so that every
 * replica refuses a replay. Kept for good, like the handler's own record of deliveries:
 * an id reused after any time is refused, never taken for the delivery it first was.
 */
export class DeliveryNonces {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<DeliveryNonces> {
    await createTableOnce(db, nonces, table => {
      table.string('delivery_id').primary();
      table.bigInteger('seen_at_ms').notNullable();
    });
    return new DeliveryNonces(db);
  }

  /** True the first time an id is seen; false for a replay. */
  async claim(deliveryId: string, nowMs: number): Promise<boolean> {
    try {
      await this.db(nonces).insert({
        delivery_id: deliveryId,
        seen_at_ms: nowMs,
      });
      return true;
    } catch (error) {
      // The primary key refuses a second row, on every database and across replicas.
      if (await this.db(nonces).where({ delivery_id: deliveryId }).first())
        return false;
      throw error;
    }
  }
}
