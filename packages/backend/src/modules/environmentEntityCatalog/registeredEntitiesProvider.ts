import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  RegisteredEntity,
  RegisteredEntityStore,
} from './registeredEntityStore';

/** Where a registered entity comes from, in the catalog's `type:target` form. */
const locationOf = (name: string) => `ekyc-registered-entity:${name}`;

function deferred({ name, entity }: RegisteredEntity): DeferredEntity {
  const location = locationOf(name);
  return {
    locationKey: location,
    entity: {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
        },
      },
    },
  };
}

/**
 * Provides the registered entities to the catalog: one at once when it is registered,
 * and all of them on connect and on each `refresh`, so that an entity whose replica died
 * between keeping it and providing it still arrives.
 */
export class RegisteredEntitiesProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly store: RegisteredEntityStore) {}

  getProviderName() {
    return 'ekyc-registered-entities';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.refresh();
  }

  async refresh(): Promise<void> {
    await this.connection?.applyMutation({
      type: 'full',
      entities: (await this.store.all()).map(deferred),
    });
  }

  async register(name: string, entity: Entity): Promise<void> {
    await this.store.put(name, entity);
    await this.connection?.applyMutation({
      type: 'delta',
      added: [deferred({ name, entity })],
      removed: [],
    });
  }
}
