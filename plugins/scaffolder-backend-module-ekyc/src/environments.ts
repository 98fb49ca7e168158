import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  InfraError,
  ownClusterOutputSchema,
  pulumiProjectName,
} from '@internal/ekyc-domain';
import {
  estimateCost,
  loadPriceTable,
  OnPremCostModel,
} from '@internal/infra-automation/cost';
import {
  AwsAccountProblem,
  awsAccountProblems,
  awsTarget,
  KubernetesClusters,
  kubernetesTarget,
} from '@internal/infra-automation/programs';
import {
  EnvironmentRunner,
  findPulumiCommand,
  pulumiEnv,
  StackLocks,
  StackOutputsReader,
} from '@internal/infra-automation/runner';
import {
  EnvironmentsSettings,
  PulumiBackendSettings,
  stateBackendOf,
} from '@internal/infra-automation/settings';

/** What the actions share: the runner of each environment, and where plans go. */
export interface Environments {
  /** The runner on the backend that holds this environment's stack (stateBackends). */
  runnerFor(environmentId: string): EnvironmentRunner;
  planDir: string;
  /**
   * What keeps this portal from applying to AWS at all (provider plugin, credentials);
   * empty when it can. Checked at most once a minute.
   */
  awsProblems(): Promise<AwsAccountProblem[]>;
}

const awsCheckMs = 60_000;

/**
 * Builds the runner from `ekyc.environments`, read and checked at start-up; without it,
 * says what to configure. Target kubernetes applies to the registered clusters, aws
 * when configured.
 * `stackLocks` hold one operation per stack across replicas (a shared database);
 * `onPremCosts` prices what runs on capacity the company owns.
 */
export async function environmentsFromSettings(
  settings: EnvironmentsSettings | undefined,
  clusters: KubernetesClusters,
  stackLocks?: StackLocks,
  onPremCosts?: OnPremCostModel,
): Promise<Environments> {
  if (!settings) {
    throw new Error(
      'ekyc.environments is not configured: set ekyc.environments.pulumi.backendUrl and a passphrase (the local sandbox writes both into its app-config.sandbox.yaml)',
    );
  }
  const { pulumi, aws } = settings;
  const pulumiCommand = await findPulumiCommand(process.env);
  const targets = (backend: PulumiBackendSettings) => {
    const outputs = new StackOutputsReader({ ...backend, pulumiCommand });
    return {
      kubernetes: kubernetesTarget({ clusters }),
      aws: awsTarget({
        dnsZone: aws.dnsZone,
        clusterApi: aws.clusterApi,
        portalReaderRoleArn: aws.portalReaderRoleArn,
        clusterEndpointOf: async environmentId => {
          const read = await outputs
            .read(`${pulumiProjectName}/${environmentId}`)
            .catch(error => {
              if (error instanceof InfraError && error.kind === 'not-found') {
                return {} as Record<string, unknown>;
              }
              throw error;
            });
          return ownClusterOutputSchema.safeParse(read.cluster).data?.endpoint;
        },
        clusters,
        projectName: pulumiProjectName,
        pulumiPath: pulumiCommand.command,
        pulumiEnv: pulumiEnv(backend.passphrase),
      }),
    };
  };
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
        costEstimateFor: spec =>
          estimateCost(spec, loadPriceTable(), onPremCosts),
        stackLocks,
        targets: targets(backend),
      });
      runners.set(backend.backendUrl, runner);
    }
    return runner;
  };
  const planDir =
    pulumi.planDir ?? path.join(os.tmpdir(), 'ekyc-environment-plans');
  fs.mkdirSync(planDir, { recursive: true, mode: 0o700 });
  let awsChecked:
    | { at: number; problems: Promise<AwsAccountProblem[]> }
    | undefined;
  const awsProblems = () => {
    if (!awsChecked || Date.now() - awsChecked.at > awsCheckMs) {
      awsChecked = {
        at: Date.now(),
        problems: awsAccountProblems({
          pulumiPath: pulumiCommand.command,
          pulumiEnv: pulumiEnv(pulumi.passphrase),
        }).catch(error => [
          {
            summary: 'the Pulumi CLI could not list its plugins',
            detail: `the Pulumi CLI could not list its plugins (${
              (error as Error).message.split('\n')[0]
            })`,
          },
        ]),
      };
    }
    return awsChecked.problems;
  };
  return { runnerFor, planDir, awsProblems };
}
