export {
  checkGpuPool,
  kubernetesTarget,
  regionProgram,
  sovereignSiteProgram,
  takeBackDriftedFields,
} from './environmentProgram';
export type {
  ClusterOptions,
  KubernetesTargetOptions,
} from './environmentProgram';
export {
  checkClusterPlacement,
  clusterOfSpec,
  clusterRegistry,
  onClusterOfSpec,
} from './clusters';
export type { ClusterAccess, KubernetesClusters } from './clusters';
export { environmentOnCluster } from './environmentOnCluster';
export type {
  EnvironmentOnClusterOptions,
  ExternalDatabase,
} from './environmentOnCluster';
export { inspectGpuPool } from './gpuPool';
export type { GpuPoolOnCluster } from './gpuPool';
export {
  dataLocations,
  defaultImages,
  namespaceOf,
  placementOf,
  regionPlacement,
  sitePlacement,
} from './placement';
export type { Placement, WorkloadImages } from './placement';
