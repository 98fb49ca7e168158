import { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  entityAnnotations,
  environmentEntityTypes,
  parseCountryList,
  pulumiProjectName,
} from '@internal/ekyc-domain';

/** What the catalog says of the region an Aurora global secondary follows. */
export interface PrimaryRegion {
  region: string;
  servesCountries: string[];
}

/** The primary named `environmentId`, or why it cannot be followed. */
export type PrimaryLookup = (
  environmentId: string,
) => Promise<PrimaryRegion | { error: string }>;

interface EnvironmentEntity {
  metadata: { annotations?: Record<string, string> };
  spec?: { type?: unknown };
}

/** Reads a primary from its environment entity, as the templates register it. */
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
  const region = annotations[entityAnnotations.region];
  const servesCountries = parseCountryList(
    annotations[entityAnnotations.servesCountries],
  );
  if (!region || !servesCountries.length) {
    return {
      error: `${ref} lacks ${
        region ? entityAnnotations.servesCountries : entityAnnotations.region
      }: register it again with the region template or ekyc-infra`,
    };
  }
  return { region, servesCountries };
}

/** Environment entities as the catalog holds them, read with the portal's own identity. */
export function catalogPrimaries(
  catalog: CatalogService,
  auth: AuthService,
): PrimaryLookup {
  return async environmentId =>
    primaryOfEntity(
      environmentId,
      await catalog.getEntityByRef(
        { kind: 'Resource', namespace: pulumiProjectName, name: environmentId },
        { credentials: await auth.getOwnServiceCredentials() },
      ),
    );
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
  primaries: PrimaryLookup,
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
  const primary = await primaries(named);
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
