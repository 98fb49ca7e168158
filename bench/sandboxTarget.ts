// Target kubernetes on the bench's sandbox (bench/sandbox.sh starts it): its two
// clusters as the sandbox registers them, each with its deployer's kubeconfig.
import path from 'node:path';
import { readClustersFile } from '../infra-automation/src/cli/settings';
import {
  clusterRegistry,
  kubernetesTarget,
} from '../infra-automation/src/programs';

export const sandboxTarget = () =>
  kubernetesTarget({
    clusters: clusterRegistry(
      readClustersFile(
        path.join(process.env.EKYC_SANDBOX_DIR!, 'clusters.yaml'),
      ).map(cluster => ({
        place: cluster.place,
        kubeconfig: cluster.deployerKubeconfig,
        storage: cluster.databaseStorage,
      })),
    ),
  });
