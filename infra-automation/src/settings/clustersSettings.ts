import fs from 'node:fs';
import { z } from 'zod';
import { ClusterPlace, clusterPlaceSchema } from '@internal/ekyc-domain';
import type { DatabaseStorage } from '../components/kubernetes/localDatabase';
import { parseDatabaseStorage } from './databaseStorage';
import type { ConfigSource } from './environmentsSettings';
import { settingSchema } from './settingFormats';

/** One entry of `ekyc.clusters`, checked, with the files it names read. */
export interface ClusterSettings {
  place: ClusterPlace;
  reader: ClusterReader;
  /**
   * The kubeconfig the runner applies environments with; without it the cluster is
   * shown but nothing is applied to it.
   */
  deployerKubeconfig?: string;
  databaseStorage: DatabaseStorage;
  prometheusUrl?: string;
}

const key = 'ekyc.clusters';

/** The fields of the kubernetes plugin's own cluster config, which it is handed unchanged. */
const readerConfig = {
  url: z.url('must be the API server URL, e.g. https://10.0.0.1:6443'),
  authProvider: z.string().min(1),
  serviceAccountToken: z.string().optional(),
  caData: z.string().optional(),
  caFile: z.string().optional(),
  skipTLSVerify: z.boolean().optional(),
  skipMetricsLookup: z.boolean().optional(),
  dashboardUrl: z.string().optional(),
  dashboardApp: z.string().optional(),
};

/** How the portal reads a cluster: its Kubernetes tab, the dashboard. */
export type ClusterReader = z.output<z.ZodObject<typeof readerConfig>>;

const clusterConfig = z
  .object({
    name: z.string(),
    title: z.string().optional(),
    country: z.string(),
    region: z.string().optional(),
    site: z.string().optional(),
    ...readerConfig,
    prometheusUrl: z
      .url('must be a URL such as http://prometheus:9090')
      .optional(),
    deployer: z.object({ kubeconfigFile: z.string().min(1) }).optional(),
    databaseStorage: settingSchema('databaseStorage').default(
      'storage-class:standard',
    ),
  })
  .superRefine((cluster, ctx) => {
    if (
      cluster.authProvider === 'serviceAccount' &&
      !cluster.serviceAccountToken
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['serviceAccountToken'],
        message:
          "is required by authProvider serviceAccount: the read-only service account's token",
      });
    }
  });

function readFile(field: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `${field} names ${file}, which cannot be read (${
        (error as Error).message
      })`,
    );
  }
}

/**
 * Reads and checks `ekyc.clusters` once, at start-up: every cluster's place (residency
 * checks it), how the portal reads it and how the runner applies to it. Throws naming
 * the key and the fix; no clusters configured is an empty registry.
 */
export function readClustersSettings(config: ConfigSource): ClusterSettings[] {
  const raw = config.getOptional(key) ?? [];
  const parsed = z.array(clusterConfig).safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        issue => `${[key, ...issue.path].join('.')} ${issue.message}`,
      );
  const places = parsed.success
    ? parsed.data.map((cluster, index) => {
        const place = clusterPlaceSchema.safeParse(cluster);
        if (!place.success) {
          problems.push(
            ...place.error.issues.map(
              issue =>
                `${[key, index, ...issue.path].join('.')} ${issue.message}`,
            ),
          );
        }
        return place.data;
      })
    : [];
  const seen = new Set<string>();
  for (const [index, place] of places.entries()) {
    if (place && seen.has(place.name)) {
      problems.push(
        `${key}.${index}.name ${place.name} is taken by an earlier cluster: each cluster has one entry`,
      );
    }
    if (place) seen.add(place.name);
  }
  if (problems.length || !parsed.success) {
    throw new Error(`${key} is not valid: ${problems.join('; ')}`);
  }
  return parsed.data.map((cluster, index) => ({
    place: places[index]!,
    reader: Object.fromEntries(
      Object.keys(readerConfig).flatMap(field => {
        const value = cluster[field as keyof ClusterReader];
        return value === undefined ? [] : [[field, value]];
      }),
    ) as ClusterReader,
    deployerKubeconfig:
      cluster.deployer &&
      readFile(
        `${key}.${index}.deployer.kubeconfigFile`,
        cluster.deployer.kubeconfigFile,
      ),
    databaseStorage: parseDatabaseStorage(cluster.databaseStorage),
    prometheusUrl: cluster.prometheusUrl,
  }));
}
