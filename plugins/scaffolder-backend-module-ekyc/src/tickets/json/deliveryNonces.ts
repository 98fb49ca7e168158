import { Knex } from 'knex';
import { createTableOnce } from '../../createTableOnce';
import { maxDeliveryAgeMs } from './jsonDeliverySignature';

const nonces = 'ekyc_json_delivery_nonces';

/**
 * The JSON delivery ids seen within the signature window, in the database so that every
 * replica refuses a replay: an id older than the window needs no entry, since its
 * signed timestamp is refused as stale.
 */
export class DeliveryNonces {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<DeliveryNonces> {
    await createTableOnce(db, nonces, table => {
      table.string('delivery_id').primary();
      table.bigInteger('seen_at_ms').notNullable().index();
    });
    return new DeliveryNonces(db);
  }

  /** True the first time an id is seen; false for a replay. */
  async claim(deliveryId: string, nowMs: number): Promise<boolean> {
    // Twice the window: a delivery signed up to 5 minutes ahead of the clock stays
    // known until it is stale on the other side too.
    await this.db(nonces)
      .where('seen_at_ms', '<', nowMs - 2 * maxDeliveryAgeMs)
      .delete();
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
