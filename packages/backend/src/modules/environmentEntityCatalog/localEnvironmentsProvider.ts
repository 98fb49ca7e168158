import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { localCatalogLocationName } from '@internal/plugin-scaffolder-backend-module-ekyc';

/**
 * Provides one Location entity whose target globs the local catalog directory, so that
 * the catalog's own file reader ingests (and on refresh re-reads) what is written there.
 */
export class LocalEnvironmentsProvider implements EntityProvider {
  constructor(private readonly dir: string) {}

  getProviderName() {
    return localCatalogLocationName;
  }

  async connect(connection: EntityProviderConnection) {
    const origin = `file:${this.dir}/`;
    const location: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: {
        name: localCatalogLocationName,
        description:
          'Environments and services the scaffolder registered with this portal',
        annotations: {
          'backstage.io/managed-by-location': origin,
          'backstage.io/managed-by-origin-location': origin,
        },
      },
      spec: { type: 'file', target: `${this.dir}/*/catalog-info.yaml` },
    };
    await connection.applyMutation({
      type: 'full',
      entities: [{ entity: location, locationKey: origin }],
    });
  }
}
