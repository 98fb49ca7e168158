import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NetworkLinkView } from '@internal/plugin-ekyc-regions-common';
import {
  clusterEntityAnnotations,
  clusterEntityType,
  entityAnnotations,
  environmentEntityTypes,
  networkLinkEntityType,
  networkLinkOfEntity,
  parseCountryList,
  topologyEntitySpecSchema,
  TopologyEntitySpec,
  topologyEntityType,
} from '@internal/ekyc-domain';

/** An environment Resource, as the scaffolder's templates annotate it. */
export interface CatalogEnvironment {
  entityRef: string;
  title?: string;
  type: (typeof environmentEntityTypes)[keyof typeof environmentEntityTypes];
  /** The site its GPU pool is on: ekyc.io/site, or a region's ekyc.io/region. */
  siteId?: string;
  stack?: string;
  kubernetesId?: string;
  /** From ekyc.io/served-countries, until the stack's outputs say otherwise. */
  servesCountries: string[];
}

function toEnvironment(entity: Entity): CatalogEnvironment {
  const annotations = entity.metadata.annotations ?? {};
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title,
    type: entity.spec?.type as CatalogEnvironment['type'],
    siteId:
      annotations[entityAnnotations.site] ??
      annotations[entityAnnotations.region],
    stack: annotations[entityAnnotations.stack],
    kubernetesId: annotations[entityAnnotations.kubernetesId],
    servesCountries: parseCountryList(
      annotations[entityAnnotations.servesCountries],
    ),
  };
}

/** Every environment Resource in the catalog. */
export async function readCatalogEnvironments(
  catalog: CatalogService,
  auth: AuthService,
): Promise<CatalogEnvironment[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type': Object.values(environmentEntityTypes),
      },
      fields: ['kind', 'metadata', 'spec.type'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.map(toEnvironment);
}

/** The Prometheus of each cluster the catalog registers (ekyc.io/prometheus-url). */
export async function readCatalogClusterPrometheus(
  catalog: CatalogService,
  auth: AuthService,
): Promise<Map<string, string>> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': clusterEntityType },
      fields: ['metadata.name', 'metadata.annotations'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return new Map(
    items.flatMap(entity => {
      const url =
        entity.metadata.annotations?.[clusterEntityAnnotations.prometheusUrl];
      return url ? [[entity.metadata.name, url] as const] : [];
    }),
  );
}

/** A topology Resource of the catalog: its ref, title and recorded routes, or why not. */
export type CatalogTopology = {
  entityRef: string;
  title?: string;
} & ({ spec: TopologyEntitySpec } | { error: string });

/** Every topology Resource in the catalog. */
export async function readCatalogTopologies(
  catalog: CatalogService,
  auth: AuthService,
): Promise<CatalogTopology[]> {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'Resource', 'spec.type': topologyEntityType } },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.map(entity => {
    const entityRef = stringifyEntityRef(entity);
    const parsed = topologyEntitySpecSchema.safeParse(entity.spec);
    return parsed.success
      ? { entityRef, title: entity.metadata.title, spec: parsed.data }
      : {
          entityRef,
          title: entity.metadata.title,
          error: `${entityRef} does not record its routes as a topology entity does: ${parsed.error.issues
            .map(issue => `spec.${issue.path.join('.')} ${issue.message}`)
            .join('; ')}`,
        };
  });
}

export type CatalogNetworkLink =
  | NetworkLinkView
  | { entityRef: string; error: string };

/** Every network-link Resource in the catalog: a sovereign site's link to its hub. */
export async function readCatalogNetworkLinks(
  catalog: CatalogService,
  auth: AuthService,
): Promise<CatalogNetworkLink[]> {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'Resource', 'spec.type': networkLinkEntityType } },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.map(entity => {
    const entityRef = stringifyEntityRef(entity);
    const link = networkLinkOfEntity(entity);
    return 'error' in link
      ? {
          entityRef,
          error: `${entityRef} does not record a link as a network-link entity does: ${link.error}`,
        }
      : { entityRef, ...link };
  });
}
