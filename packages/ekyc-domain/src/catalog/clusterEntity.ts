import { z } from 'zod';
import { ClusterPlace, clusterPlaceSchema } from '../places/clusters';
import { cloudRegionCountry } from '../residency/locations';
import type { EnvironmentSpec } from '../spec/environmentSpec';
import {
  clusterEntityAnnotations,
  clusterEntityType,
  entityAnnotations,
  pulumiProjectName,
} from '../vocabulary/vocabulary';

/** How the kubernetes plugin reaches a cluster the catalog registers: no secret. */
export interface ClusterConnection {
  apiServerUrl: string;
  /** The API server's CA certificate, base64 PEM. */
  caData: string;
  /** The kubernetes plugin's auth provider: `aws` for EKS, `oidc`, `google`, ... */
  authProvider: string;
  /** EKS: the cluster's name, which the `aws` auth provider signs its token for. */
  awsClusterId?: string;
  /** EKS: a role the portal assumes to read the cluster. */
  awsAssumeRole?: string;
  prometheusUrl?: string;
}

/**
 * The catalog Resource of a cluster an environment created (an AWS region's EKS
 * cluster): the kubernetes plugin's catalog cluster locator and the dashboard read it,
 * and the forms offer it, with no config edit.
 */
export function clusterEntityOf(
  place: ClusterPlace,
  connection: ClusterConnection,
  options: { owner: string; environmentId: string },
) {
  const where = {
    [entityAnnotations.country]: place.country,
    ...(place.region ? { [entityAnnotations.region]: place.region } : {}),
    ...(place.site ? { [entityAnnotations.site]: place.site } : {}),
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: place.name,
      namespace: pulumiProjectName,
      title: place.title ?? `Cluster ${place.name}`,
      description: `Kubernetes cluster of environment ${options.environmentId}, created and registered by its stack.`,
      annotations: {
        [clusterEntityAnnotations.apiServer]: connection.apiServerUrl,
        [clusterEntityAnnotations.apiServerCa]: connection.caData,
        [clusterEntityAnnotations.authProvider]: connection.authProvider,
        ...(connection.awsClusterId
          ? { [clusterEntityAnnotations.awsClusterId]: connection.awsClusterId }
          : {}),
        ...(connection.awsAssumeRole
          ? {
              [clusterEntityAnnotations.awsAssumeRole]:
                connection.awsAssumeRole,
            }
          : {}),
        ...(connection.prometheusUrl
          ? {
              [clusterEntityAnnotations.prometheusUrl]:
                connection.prometheusUrl,
            }
          : {}),
        [entityAnnotations.stack]: `${pulumiProjectName}/${options.environmentId}`,
        ...where,
      },
      tags: ['kubernetes', place.country.toLowerCase()],
    },
    spec: {
      type: clusterEntityType,
      owner: options.owner,
      system: 'default/ekyc',
    },
  };
}

/** A catalog entity as the cluster registry reads it: its place, or why it is not one. */
export function clusterPlaceOfEntity(entity: {
  metadata: {
    name: string;
    title?: string;
    annotations?: Record<string, string>;
  };
}): { place: ClusterPlace } | { error: string } {
  const annotations = entity.metadata.annotations ?? {};
  const parsed = clusterPlaceSchema.safeParse({
    name: entity.metadata.name,
    title: entity.metadata.title,
    country: annotations[entityAnnotations.country],
    region: annotations[entityAnnotations.region],
    site: annotations[entityAnnotations.site],
  });
  if (parsed.success) return { place: parsed.data };
  return {
    error: `cluster Resource ${entity.metadata.name}: ${parsed.error.issues
      .map(
        issue =>
          `${
            issue.path[0] === 'name'
              ? 'metadata.name'
              : `${
                  entityAnnotations[
                    issue.path[0] as 'country' | 'region' | 'site'
                  ] ?? issue.path.join('.')
                }`
          } ${issue.message}`,
      )
      .join('; ')}`,
  };
}

/**
 * What a stack that creates its own cluster (a region on target aws) reports of it, in
 * its `cluster` output: the portal registers the cluster from this.
 */
export const ownClusterOutputSchema = z.object({
  /** Its name in the portal's registry (and the catalog). */
  name: z.string(),
  endpoint: z.url(),
  certificateAuthority: z.string().min(1),
  authProvider: z.string().min(1),
  awsClusterId: z.string().optional(),
  awsAssumeRole: z.string().optional(),
});

/** The registry name of the cluster an environment creates. */
export function ownClusterName(environmentId: string): string {
  return `${environmentId}-cluster`;
}

/**
 * The catalog entity of the cluster the environment's stack created, from its outputs;
 * undefined for an environment on a registered cluster. Throws when the stack reports
 * a cluster that cannot be registered.
 */
export function ownClusterEntityOf(
  spec: EnvironmentSpec,
  stackOutputs: Record<string, unknown>,
) {
  if (spec.kind !== 'region' || stackOutputs.cluster === undefined) {
    return undefined;
  }
  const parsed = ownClusterOutputSchema.safeParse(stackOutputs.cluster);
  if (!parsed.success) {
    throw new Error(
      `the stack's cluster output cannot be registered: ${parsed.error.issues
        .map(issue => `cluster.${issue.path.join('.')} ${issue.message}`)
        .join('; ')}`,
    );
  }
  const cluster = parsed.data;
  const country = cloudRegionCountry[spec.region];
  if (!country) {
    throw new Error(
      `region ${spec.region} has no known country, so its cluster cannot be placed`,
    );
  }
  return clusterEntityOf(
    {
      name: cluster.name,
      title: `EKS ${spec.region} (${spec.id})`,
      country: country as ClusterPlace['country'],
      region: spec.region,
    },
    {
      apiServerUrl: cluster.endpoint,
      caData: cluster.certificateAuthority,
      authProvider: cluster.authProvider,
      awsClusterId: cluster.awsClusterId,
      awsAssumeRole: cluster.awsAssumeRole,
    },
    { owner: spec.owner, environmentId: spec.id },
  );
}
