import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  environmentAnnotations,
  servedCountriesAnnotated,
} from '@internal/plugin-ekyc-regions-common';

export const environmentEntityTypes = [
  'ekyc-region',
  'ekyc-sovereign-site',
] as const;

/** An environment Resource, as the scaffolder's templates annotate it. */
export interface CatalogEnvironment {
  entityRef: string;
  title?: string;
  type: (typeof environmentEntityTypes)[number];
  /** The site its GPU pool is on: ekyc.io/site, or a region's ekyc.io/region. */
  siteId?: string;
  stack?: string;
  kubernetesId?: string;
  /** From ekyc.io/served-countries, until the stack's outputs say otherwise. */
  servedCountries: string[];
}

function toEnvironment(entity: Entity): CatalogEnvironment {
  const annotations = entity.metadata.annotations ?? {};
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title,
    type: entity.spec?.type as CatalogEnvironment['type'],
    siteId:
      annotations[environmentAnnotations.site] ??
      annotations[environmentAnnotations.region],
    stack: annotations[environmentAnnotations.stack],
    kubernetesId: annotations[environmentAnnotations.kubernetesId],
    servedCountries: servedCountriesAnnotated(annotations),
  };
}

/** Every environment Resource in the catalog. */
export async function readCatalogEnvironments(
  catalog: CatalogService,
  auth: AuthService,
): Promise<CatalogEnvironment[]> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': [...environmentEntityTypes] },
      fields: ['kind', 'metadata', 'spec.type'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.map(toEnvironment);
}
