import { EnvironmentSpec } from '../spec/environmentSpec';
import { entityAnnotations, pulumiProjectName } from '../vocabulary/vocabulary';

/** The catalog's entity types of environments, by spec kind. */
export const environmentEntityTypes = {
  region: 'ekyc-region',
  'sovereign-site': 'ekyc-sovereign-site',
} as const;

/**
 * The catalog entity of an environment: namespace = the Pulumi project, name = the
 * stack, so that every stack has its own entity and none collide.
 */
export function environmentEntityRef(spec: Pick<EnvironmentSpec, 'id'>) {
  return { kind: 'Resource', namespace: pulumiProjectName, name: spec.id };
}

const textOf = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/**
 * The Resource entity of an applied environment, annotated for the kubernetes plugin
 * and the ekyc-regions dashboard, with where its stack's outputs say its objects and
 * its API are. The templates, the CLI and the sandbox's seed all register this one.
 */
export function environmentEntityOf(
  spec: EnvironmentSpec,
  stackOutputs: Record<string, unknown>,
) {
  const namespace = textOf(stackOutputs.namespace);
  // The cluster it runs on: named by the spec, or created by the stack (target aws).
  const ownCluster = spec.cluster
    ? undefined
    : textOf((stackOutputs.cluster as { name?: unknown } | undefined)?.name);
  const cluster = spec.cluster ?? ownCluster;
  const apiEndpoint = textOf(stackOutputs.apiEndpoint);
  const site = spec.kind === 'sovereign-site';
  const place = site
    ? {
        [entityAnnotations.country]: spec.country,
        [entityAnnotations.site]: spec.site,
      }
    : { [entityAnnotations.region]: spec.region };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: spec.id,
      namespace: pulumiProjectName,
      title: site
        ? `Sovereign site ${spec.site} (${spec.country})`
        : `Region ${spec.id} (${spec.region}, ${spec.role})`,
      description: `eKYC ${
        spec.kind
      } applied by the portal with Pulumi; serves ${spec.servesCountries.join(
        ', ',
      )}.`,
      annotations: {
        [entityAnnotations.stack]: `${pulumiProjectName}/${spec.id}`,
        // Commas, as people write the list; parseCountryList reads either.
        [entityAnnotations.servesCountries]: spec.servesCountries.join(','),
        ...place,
        // What an Aurora global secondary may follow, and what follows whom.
        [entityAnnotations.target]: spec.target,
        [entityAnnotations.databaseRole]: spec.database.role,
        ...(spec.database.primary
          ? {
              [entityAnnotations.databasePrimary]:
                spec.database.primary.environment,
            }
          : {}),
        [entityAnnotations.kubernetesId]: spec.id,
        ...(cluster ? { [entityAnnotations.kubernetesCluster]: cluster } : {}),
        ...(namespace
          ? { [entityAnnotations.kubernetesNamespace]: namespace }
          : {}),
        ...(apiEndpoint
          ? { [entityAnnotations.apiEndpoint]: apiEndpoint }
          : {}),
      },
      tags: [
        spec.kind,
        ...spec.servesCountries.map(code => code.toLowerCase()),
      ],
    },
    spec: {
      type: environmentEntityTypes[spec.kind],
      owner: spec.owner,
      system: 'default/ekyc',
      // The cluster it created is in the catalog beside it (registered clusters of
      // ekyc.clusters are config, not entities).
      ...(ownCluster
        ? { dependsOn: [`resource:${pulumiProjectName}/${ownCluster}`] }
        : {}),
    },
  };
}
