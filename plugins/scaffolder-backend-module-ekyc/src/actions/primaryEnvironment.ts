import { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkEnvironmentInTopology,
  checkResidency,
  entityAnnotations,
  EnvironmentSpec,
  environmentEntityTypes,
  parseCountryList,
  pulumiProjectName,
  TopologyEntitySpec,
  topologyEntitySpecSchema,
  topologyEntityType,
} from '@internal/ekyc-domain';
import { stringifyEntityRef } from '@backstage/catalog-model';

/** What the catalog says of the region an Aurora global secondary follows. */
export interface PrimaryRegion {
  region: string;
  servesCountries: string[];
}

/** A region whose database follows another's, as the catalog has it. */
export interface SecondaryRegion {
  id: string;
  region: string;
}

/** A topology entity: its routes, or why they cannot be read. */
export type CatalogTopology = { ref: string } & (
  | { spec: TopologyEntitySpec }
  | { error: string }
);

/** What the actions read of the catalog's environments. */
export interface CatalogEnvironments {
  /** The primary named `environmentId`, or why it cannot be followed. */
  primary(environmentId: string): Promise<PrimaryRegion | { error: string }>;
  /** The regions whose databases follow `environmentId`'s. */
  secondariesOf(environmentId: string): Promise<SecondaryRegion[]>;
  /** The catalog's topologies, or why one cannot be read and what it depends on. */
  topologies(): Promise<CatalogTopology[]>;
}

interface EnvironmentEntity {
  metadata: { name?: string; annotations?: Record<string, string> };
  spec?: { type?: unknown };
}

/**
 * Reads a primary from its environment entity, as the templates register it: a region
 * on target aws whose database is the primary of its Aurora global database (a
 * secondary follows that database, named after the primary's region).
 */
export function primaryOfEntity(
  environmentId: string,
  entity: EnvironmentEntity | undefined,
): PrimaryRegion | { error: string } {
  const ref = `resource:${pulumiProjectName}/${environmentId}`;
  if (!entity) {
    return {
      error: `${ref} is not in the catalog: name a region environment the portal has applied, e.g. us-east-1-primary`,
    };
  }
  if (entity.spec?.type !== environmentEntityTypes.region) {
    return {
      error: `${ref} is not a region environment (spec.type ${String(
        entity.spec?.type,
      )}): an Aurora global secondary follows a region's database`,
    };
  }
  const annotations = entity.metadata.annotations ?? {};
  const lacking = [
    entityAnnotations.region,
    entityAnnotations.servesCountries,
    entityAnnotations.target,
    entityAnnotations.databaseRole,
  ].find(key => !annotations[key]);
  if (lacking) {
    return {
      error: `${ref} lacks ${lacking}: register it again with the region template or ekyc-infra`,
    };
  }
  if (annotations[entityAnnotations.target] !== 'aws') {
    return {
      error: `${ref} runs on target ${
        annotations[entityAnnotations.target]
      }, whose database is not Aurora: an Aurora global secondary follows a region applied on aws`,
    };
  }
  if (annotations[entityAnnotations.databaseRole] !== 'primary') {
    return {
      error: `${ref} is itself a ${
        annotations[entityAnnotations.databaseRole]
      }: follow the primary of its global database`,
    };
  }
  return {
    region: annotations[entityAnnotations.region],
    servesCountries: parseCountryList(
      annotations[entityAnnotations.servesCountries],
    ),
  };
}

/** Environment entities as the catalog holds them, read with the portal's own identity. */
export function catalogEnvironments(
  catalog: CatalogService,
  auth: AuthService,
): CatalogEnvironments {
  const credentials = () => auth.getOwnServiceCredentials();
  return {
    primary: async environmentId =>
      primaryOfEntity(
        environmentId,
        await catalog.getEntityByRef(
          {
            kind: 'Resource',
            namespace: pulumiProjectName,
            name: environmentId,
          },
          { credentials: await credentials() },
        ),
      ),
    async secondariesOf(environmentId) {
      const { items } = await catalog.getEntities(
        {
          filter: {
            kind: 'Resource',
            'spec.type': environmentEntityTypes.region,
            [`metadata.annotations.${entityAnnotations.databasePrimary}`]:
              environmentId,
          },
          fields: ['metadata.name', 'metadata.annotations'],
        },
        { credentials: await credentials() },
      );
      return items.flatMap(entity => {
        const region = entity.metadata.annotations?.[entityAnnotations.region];
        return region ? [{ id: entity.metadata.name, region }] : [];
      });
    },
    async topologies() {
      const { items } = await catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': topologyEntityType } },
        { credentials: await credentials() },
      );
      return items.map(entity => {
        const ref = stringifyEntityRef(entity);
        const parsed = topologyEntitySpecSchema.safeParse(entity.spec);
        return parsed.success
          ? { ref, spec: parsed.data }
          : {
              ref,
              error: parsed.error.issues
                .map(issue => `spec.${issue.path.join('.')} ${issue.message}`)
                .join('; '),
            };
      });
    },
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join(' ') === [...b].sort().join(' ');

/**
 * A region spec that names the environment its database follows
 * (`database.primary.environment`) gets where that primary is and whom it serves from
 * the catalog, not from the request: its countries' rules are then checked where the
 * secondary keeps their data. A request that says otherwise is refused by field.
 */
export async function withPrimaryFromCatalog(
  raw: unknown,
  environments: CatalogEnvironments,
): Promise<unknown> {
  const spec = raw as {
    kind?: unknown;
    database?: {
      replicaOf?: { type?: unknown; region?: unknown };
      primary?: { environment?: unknown; servesCountries?: unknown };
    };
  };
  const named = spec?.database?.primary?.environment;
  if (spec?.kind !== 'region' || typeof named !== 'string') return raw;
  const primary = await environments.primary(named);
  if ('error' in primary) {
    throw new InputError(`database.primary.environment: ${primary.error}`);
  }
  const { replicaOf, primary: given } = spec.database!;
  if (
    replicaOf &&
    (replicaOf.type !== 'cloud-region' || replicaOf.region !== primary.region)
  ) {
    throw new InputError(
      `database.replicaOf: ${named} is in ${primary.region}, as the catalog has it: leave replicaOf out, the portal reads it`,
    );
  }
  const givenCountries = given?.servesCountries;
  if (
    givenCountries !== undefined &&
    (!Array.isArray(givenCountries) ||
      !sameList(givenCountries, primary.servesCountries))
  ) {
    throw new InputError(
      `database.primary.servesCountries: ${named} serves ${primary.servesCountries.join(
        ', ',
      )}, as the catalog has it: leave servesCountries out, the portal reads it`,
    );
  }
  return {
    ...spec,
    database: {
      ...spec.database,
      replicaOf: { type: 'cloud-region', region: primary.region },
      primary: { environment: named, servesCountries: primary.servesCountries },
    },
  };
}

/**
 * A primary's secondaries copy the data of every country it serves: a primary that
 * would serve a country whose rule does not allow a secondary's region is refused,
 * naming the edge, the country and the rule.
 */
export async function refuseSecondariesAbroad(
  spec: EnvironmentSpec,
  environments: CatalogEnvironments,
): Promise<void> {
  if (spec.kind !== 'region' || spec.database.role !== 'primary') return;
  const secondaries = await environments.secondariesOf(spec.id);
  const violations = secondaries.flatMap(secondary =>
    checkResidency([
      {
        store: `Aurora global secondary ${secondary.id}`,
        location: { type: 'cloud-region', region: secondary.region },
        holdsDataOf: spec.servesCountries,
      },
    ]).map(violation => `${spec.id} → ${secondary.id}: ${violation.message}`),
  );
  if (violations.length) {
    throw new InputError(
      `servesCountries: ${violations.join(
        ' ',
      )} Serve those countries elsewhere, or move or destroy the secondary first.`,
    );
  }
}

/**
 * A request that changes an environment a catalog topology routes to is refused where
 * the topology would then send a country's users or data somewhere its rule does not
 * allow, naming the topology, the field, the edge and the rule.
 */
export async function refuseTopologyBreaches(
  spec: EnvironmentSpec,
  environments: CatalogEnvironments,
): Promise<void> {
  const problems = (await environments.topologies()).flatMap(topology => {
    if ('spec' in topology) {
      return checkEnvironmentInTopology(topology.spec, spec).map(
        problem =>
          `${problem.field}: topology ${topology.ref}: ${problem.message}`,
      );
    }
    // Deny by default: a topology that cannot be read cannot vouch for the change,
    // whichever environments it routes to.
    return [
      `id: topology ${topology.ref} cannot be read (${topology.error}), so no change to an environment can be checked against it: register it again with "ekyc-infra validate <topology file> --json"`,
    ];
  });
  if (problems.length) {
    throw new InputError(
      `${problems.join(
        ' ',
      )} Change the request, or change the topology first so that it no longer routes there.`,
    );
  }
}
