import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ClusterApiAccess } from '../programs/aws/awsPreflight';
import { OnPremCostModel, readOnPremCostModel } from '../cost';
import { ClusterSettings, readClustersSettings } from '../settings';
import { dnsZoneOf, settingSchema } from '../settings/settingFormats';

/** What the CLI needs from its environment; validated before anything runs. */
export interface CliSettings {
  backendUrl: string;
  passphrase: string;
  secretsProvider?: string;
  /** The registered clusters: where each is and how to apply to it. */
  clusters: ClusterSettings[];
  /** Target aws: the Route 53 hosted zone of the API names. */
  awsDnsZone?: { id: string; name: string };
  /** Target aws: how the runner reaches a region's EKS API. */
  awsClusterApi: ClusterApiAccess;
  /** A config file for the ekyc-guardrails policy pack. */
  policyConfig?: string;
}

const envSchema = z.object({
  EKYC_PULUMI_BACKEND: z
    .string({
      error:
        'EKYC_PULUMI_BACKEND is not set: set it to the Pulumi backend of the environments, e.g. file:///var/lib/ekyc/pulumi or s3://bucket/prefix',
    })
    .pipe(settingSchema('backendUrl', 'EKYC_PULUMI_BACKEND')),
  PULUMI_CONFIG_PASSPHRASE: z
    .string({
      error:
        'PULUMI_CONFIG_PASSPHRASE is not set: the stacks encrypt their secrets with it; set it (from your secret store) and run again',
    })
    .min(8, 'PULUMI_CONFIG_PASSPHRASE must have at least 8 characters'),
  EKYC_SECRETS_PROVIDER: settingSchema(
    'secretsProvider',
    'EKYC_SECRETS_PROVIDER',
  ).optional(),
  EKYC_CLUSTERS_FILE: z.string().optional(),
  EKYC_AWS_DNS_ZONE: settingSchema('dnsZone', 'EKYC_AWS_DNS_ZONE').optional(),
  EKYC_AWS_CLUSTER_API_CIDRS: z
    .string()
    .transform(list => list.split(',').map(cidr => cidr.trim()))
    .pipe(
      z.array(
        z.cidrv4(
          'EKYC_AWS_CLUSTER_API_CIDRS must list IPv4 CIDRs separated by commas, e.g. 203.0.113.0/28',
        ),
      ),
    )
    .optional(),
  EKYC_POLICY_CONFIG: z.string().optional(),
});

/** A missing or bad environment variable; the message says which and how to fix it. */
export class SettingsError extends Error {}

/** Reads the settings, or throws a SettingsError naming each missing or bad variable. */
export function readSettings(env: NodeJS.ProcessEnv): CliSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map(issue => issue.message).join('\n'),
    );
  }
  const settings = parsed.data;
  const clusters = settings.EKYC_CLUSTERS_FILE
    ? readClustersFile(settings.EKYC_CLUSTERS_FILE)
    : [];
  if (
    settings.EKYC_POLICY_CONFIG &&
    !fs.existsSync(settings.EKYC_POLICY_CONFIG)
  ) {
    throw new SettingsError(
      `EKYC_POLICY_CONFIG names ${settings.EKYC_POLICY_CONFIG}, which does not exist: point it at the policy pack's JSON config, or unset it for the defaults`,
    );
  }
  return {
    awsDnsZone: dnsZoneOf(settings.EKYC_AWS_DNS_ZONE),
    awsClusterApi: settings.EKYC_AWS_CLUSTER_API_CIDRS
      ? {
          access: 'allowed-cidrs',
          allowedCidrs: settings.EKYC_AWS_CLUSTER_API_CIDRS,
        }
      : { access: 'private' },
    policyConfig: settings.EKYC_POLICY_CONFIG,
    backendUrl: settings.EKYC_PULUMI_BACKEND,
    passphrase: settings.PULUMI_CONFIG_PASSPHRASE,
    secretsProvider: settings.EKYC_SECRETS_PROVIDER,
    clusters,
  };
}

/**
 * The registered clusters from a YAML file listing them as the portal's ekyc.clusters
 * does (the local sandbox writes one); a file without any is an empty registry.
 */
export function readClustersFile(file: string): ClusterSettings[] {
  let clusters: unknown;
  try {
    clusters = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsError(
      `EKYC_CLUSTERS_FILE names ${file}, which cannot be read as YAML (${
        (error as Error).message
      }): point it at a list of clusters as in ekyc.clusters`,
    );
  }
  try {
    return readClustersSettings({ getOptional: () => clusters ?? [] });
  } catch (error) {
    throw new SettingsError(
      `EKYC_CLUSTERS_FILE ${file}: ${(error as Error).message}`,
    );
  }
}

/**
 * The on-prem cost model from the YAML file EKYC_ONPREM_COSTS names (the shape of the
 * portal's ekyc.costs.onPrem); undefined without it, when capacity the company owns is
 * not estimated.
 */
export function readOnPremCostsFile(
  file: string | undefined,
): OnPremCostModel | undefined {
  if (!file) return undefined;
  let model: unknown;
  try {
    model = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsError(
      `EKYC_ONPREM_COSTS names ${file}, which cannot be read as YAML (${
        (error as Error).message
      }): point it at the on-prem cost model, as in ekyc.costs.onPrem`,
    );
  }
  try {
    return readOnPremCostModel({
      getOptional: () => model ?? undefined,
    });
  } catch (error) {
    throw new SettingsError(
      `EKYC_ONPREM_COSTS ${file}: ${(error as Error).message}`,
    );
  }
}
