export {
  checkClusterPlacement,
  checkGpuPool,
  clusterOfSpec,
  clusterRegistry,
  kubernetesTarget,
} from './kubernetes';
export type {
  ClusterAccess,
  ClusterOptions,
  KubernetesClusters,
  KubernetesTargetOptions,
} from './kubernetes';
export { awsTarget } from './aws';
export type { AwsTargetOptions } from './aws';
