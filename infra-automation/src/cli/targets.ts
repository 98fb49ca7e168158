import { pulumiProjectName } from '@internal/ekyc-domain';
import { clusterRegistry, kubernetesTarget } from '../programs';
import { awsTarget, awsTopologyTarget } from '../programs/aws';
import type { EnvironmentRunnerOptions } from '../runner';
import type { CliSettings } from './settings';

/**
 * Where the CLI applies environments (their target's program) and topologies (their
 * routing on AWS), from its settings. The environments' project is named here once, so
 * that the stacks the runner creates are the ones sites and topologies reference.
 */
export function cliTargets(
  settings: CliSettings,
  pulumi: { path: string; env: Record<string, string> },
): Required<
  Pick<EnvironmentRunnerOptions, 'projectName' | 'targets' | 'topologyTarget'>
> {
  const clusters = clusterRegistry(
    settings.clusters.map(cluster => ({
      place: cluster.place,
      kubeconfig: cluster.deployerKubeconfig,
      storage: cluster.databaseStorage,
    })),
  );
  const aws = {
    dnsZone: settings.awsDnsZone,
    clusterApi: settings.awsClusterApi,
    clusters,
    projectName: pulumiProjectName,
    pulumiPath: pulumi.path,
    pulumiEnv: pulumi.env,
  };
  return {
    projectName: pulumiProjectName,
    targets: {
      kubernetes: kubernetesTarget({ clusters }),
      aws: awsTarget(aws),
    },
    topologyTarget: awsTopologyTarget(aws),
  };
}
