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
export { awsAccountProblems, awsTarget } from './aws';
export type { AwsAccountProblem, AwsTargetOptions } from './aws';
export { globalDatabaseState, promoteSecondary, rdsClientOf } from './aws';
export type { Promotion, PromotionMode, PromotionResult } from './aws';
