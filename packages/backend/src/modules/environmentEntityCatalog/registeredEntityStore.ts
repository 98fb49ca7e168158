import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { createTableOnce } from '@internal/plugin-scaffolder-backend-module-ekyc';
import { Knex } from 'knex';

const registeredEntities = 'ekyc_registered_entities';

/** An entity the scaffolder registered, by the name it was registered under. */
export interface RegisteredEntity {
  name: string;
  entity: Entity;
}

/**
 * The entities the scaffolder registered with the portal's own catalog, in the catalog's
 * database, which every replica shares. A name holds one entity ref and an entity ref
 * one name, so that registering again replaces, and never adds a second copy.
 */
export class RegisteredEntityStore {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<RegisteredEntityStore> {
    await createTableOnce(db, registeredEntities, table => {
      table.string('name').primary();
      table.string('entity_ref').notNullable().unique();
      table.text('entity').notNullable();
      table.bigInteger('registered_at').notNullable();
    });
    return new RegisteredEntityStore(db);
  }

  /** Keeps `entity` under `name`; a ConflictError when either is another's. */
  async put(name: string, entity: Entity): Promise<void> {
    const entityRef = stringifyEntityRef(entity);
    await this.db.transaction(async tx => {
      const holders = await tx(registeredEntities)
        .where({ name })
        .orWhere({ entity_ref: entityRef })
        .select('name', 'entity_ref')
        .forUpdate();
      for (const holder of holders) {
        if (holder.name !== name) {
          throw new ConflictError(
            `name: ${entityRef} is registered under ${holder.name} already; register it under that name`,
          );
        }
        if (holder.entity_ref !== entityRef) {
          throw new ConflictError(
            `name: ${name} holds ${holder.entity_ref} in the portal's catalog, not ${entityRef}; choose another name`,
          );
        }
      }
      await tx(registeredEntities)
        .insert({
          name,
          entity_ref: entityRef,
          entity: JSON.stringify(entity),
          registered_at: Date.now(),
        })
        .onConflict('name')
        .merge();
    });
  }

  async all(): Promise<RegisteredEntity[]> {
    const rows = await this.db(registeredEntities)
      .select('name', 'entity')
      .orderBy('name');
    return rows.map(row => ({
      name: row.name,
      entity: JSON.parse(row.entity),
    }));
  }
}
