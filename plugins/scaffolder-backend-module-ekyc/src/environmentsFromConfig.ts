import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config } from '@backstage/config';
import { pulumiProjectName } from '@internal/ekyc-domain';
import { estimateCost, loadPriceTable } from '@internal/infra-automation/cost';
import {
  awsTarget,
  kubernetesTarget,
  parseDatabaseStorage,
} from '@internal/infra-automation/programs';
import {
  EnvironmentRunner,
  findPulumiCommand,
  pulumiBackendSettings,
  pulumiEnv,
} from '@internal/infra-automation/runner';

/** What the actions share: one runner for every environment, and where plans go. */
export interface Environments {
  runner: EnvironmentRunner;
  planDir: string;
  /** The cluster's name in the kubernetes plugin's config, for entity annotations. */
  clusterName?: string;
}

function readFileSetting(config: Config, key: string): string {
  const file = config.getString(key);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `ekyc.environments.kubernetes.${key} names ${file}, which cannot be read (${
        (error as Error).message
      })`,
    );
  }
}

/**
 * Builds the runner from `ekyc.environments` (see config.d.ts); throws naming the
 * missing or bad key. Target kubernetes is always available, aws when configured.
 */
export async function environmentsFromConfig(
  root: Config,
): Promise<Environments> {
  const config = root.getOptionalConfig('ekyc.environments');
  if (!config) {
    throw new Error(
      'ekyc.environments is not configured: set ekyc.environments.pulumi.backendUrl and a passphrase (the local sandbox writes both into its app-config.sandbox.yaml)',
    );
  }
  const pulumi = config.getConfig('pulumi');
  const backend = pulumiBackendSettings(pulumi, 'ekyc.environments.pulumi');
  const kubernetes = config.getOptionalConfig('kubernetes');
  const cluster = {
    kubeconfig: kubernetes?.has('kubeconfigFile')
      ? readFileSetting(kubernetes, 'kubeconfigFile')
      : undefined,
    storage: parseDatabaseStorage(
      kubernetes?.getOptionalString('storage') ?? 'storage-class:standard',
    ),
  };
  const dnsZone = config.getOptionalString('aws.dnsZone');
  const [zoneId, zoneName] = dnsZone?.split(':') ?? [];
  const pulumiCommand = await findPulumiCommand(process.env);
  const policyConfigFile = pulumi.getOptionalString('policyConfigFile');
  const runner = new EnvironmentRunner({
    pulumiCommand,
    ...backend,
    projectName: pulumiProjectName,
    policyPackConfigs: policyConfigFile ? [policyConfigFile] : [],
    costEstimateFor: spec => estimateCost(spec, loadPriceTable()),
    targets: {
      kubernetes: kubernetesTarget(cluster),
      aws: awsTarget({
        dnsZone: zoneId ? { id: zoneId, name: zoneName } : undefined,
        site: cluster,
        projectName: pulumiProjectName,
        pulumiPath: pulumiCommand.command,
        pulumiEnv: pulumiEnv(backend.passphrase),
      }),
    },
  });
  const planDir =
    pulumi.getOptionalString('planDir') ??
    path.join(os.tmpdir(), 'ekyc-environment-plans');
  fs.mkdirSync(planDir, { recursive: true, mode: 0o700 });
  return {
    runner,
    planDir,
    clusterName: kubernetes?.getOptionalString('clusterName'),
  };
}
