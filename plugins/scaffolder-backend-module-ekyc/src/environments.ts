import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pulumiProjectName } from '@internal/ekyc-domain';
import { estimateCost, loadPriceTable } from '@internal/infra-automation/cost';
import {
  awsTarget,
  kubernetesTarget,
} from '@internal/infra-automation/programs';
import {
  EnvironmentRunner,
  findPulumiCommand,
  pulumiEnv,
  StackLocks,
} from '@internal/infra-automation/runner';
import {
  EnvironmentsSettings,
  stateBackendOf,
} from '@internal/infra-automation/settings';

/** What the actions share: the runner of each environment, and where plans go. */
export interface Environments {
  /** The runner on the backend that holds this environment's stack (stateBackends). */
  runnerFor(environmentId: string): EnvironmentRunner;
  planDir: string;
  /** The cluster's name in the kubernetes plugin's config, for entity annotations. */
  clusterName?: string;
}

/**
 * Builds the runner from `ekyc.environments`, read and checked at start-up; without it,
 * says what to configure. Target kubernetes is always available, aws when configured.
 * `stackLocks` hold one operation per stack across replicas (a shared database).
 */
export async function environmentsFromSettings(
  settings: EnvironmentsSettings | undefined,
  stackLocks?: StackLocks,
): Promise<Environments> {
  if (!settings) {
    throw new Error(
      'ekyc.environments is not configured: set ekyc.environments.pulumi.backendUrl and a passphrase (the local sandbox writes both into its app-config.sandbox.yaml)',
    );
  }
  const { pulumi, kubernetes, aws } = settings;
  const cluster = {
    kubeconfig: kubernetes.kubeconfig,
    storage: kubernetes.storage,
  };
  const pulumiCommand = await findPulumiCommand(process.env);
  const targets = (passphrase: string) => ({
    kubernetes: kubernetesTarget(cluster),
    aws: awsTarget({
      dnsZone: aws.dnsZone,
      site: cluster,
      projectName: pulumiProjectName,
      pulumiPath: pulumiCommand.command,
      pulumiEnv: pulumiEnv(passphrase),
    }),
  });
  // One runner per backend, all sharing the stack locks (stack names are unique).
  const runners = new Map<string, EnvironmentRunner>();
  const runnerFor = (environmentId: string) => {
    const backend = stateBackendOf(pulumi, environmentId);
    let runner = runners.get(backend.backendUrl);
    if (!runner) {
      runner = new EnvironmentRunner({
        pulumiCommand,
        ...backend,
        projectName: pulumiProjectName,
        maxConcurrentOperations: pulumi.maxConcurrentOperations,
        policyPackConfigs: pulumi.policyConfigFile
          ? [pulumi.policyConfigFile]
          : [],
        costEstimateFor: spec => estimateCost(spec, loadPriceTable()),
        stackLocks,
        targets: targets(backend.passphrase),
      });
      runners.set(backend.backendUrl, runner);
    }
    return runner;
  };
  const planDir =
    pulumi.planDir ?? path.join(os.tmpdir(), 'ekyc-environment-plans');
  fs.mkdirSync(planDir, { recursive: true, mode: 0o700 });
  return { runnerFor, planDir, clusterName: kubernetes.clusterName };
}
