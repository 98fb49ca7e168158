import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entityAnnotations, pulumiProjectName } from '@internal/ekyc-domain';
import { catalogEnvironments } from '../actions/primaryEnvironment';
import { catalogSpecReader } from '../actions/spec';

/** A region's entity as the templates register it. */
export function regionEntity(
  name: string,
  region: {
    region: string;
    serves: string;
    target?: string;
    databaseRole?: string;
    databasePrimary?: string;
  },
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: pulumiProjectName,
      annotations: {
        [entityAnnotations.region]: region.region,
        [entityAnnotations.servesCountries]: region.serves,
        [entityAnnotations.target]: region.target ?? 'aws',
        [entityAnnotations.databaseRole]: region.databaseRole ?? 'primary',
        ...(region.databasePrimary
          ? { [entityAnnotations.databasePrimary]: region.databasePrimary }
          : {}),
      },
    },
    spec: { type: 'ekyc-region', owner: 'group:default/platform-team' },
  };
}

/** The catalog's environments over Backstage's in-memory catalog double. */
export function environmentsIn(entities: Entity[]) {
  return catalogEnvironments(
    catalogServiceMock({ entities }),
    mockServices.auth(),
  );
}

/** The actions' spec reader over those entities. */
export const specReaderOver = (entities: Entity[]) =>
  catalogSpecReader(environmentsIn(entities));
