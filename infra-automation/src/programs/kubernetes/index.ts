export {
  defaultImages,
  kubernetesTarget,
  namespaceOf,
  regionProgram,
  sovereignSiteProgram,
} from './environmentProgram';
export type {
  KubernetesTargetOptions,
  WorkloadImages,
} from './environmentProgram';
export { inspectGpuPool } from './gpuPool';
export type { GpuPoolOnCluster } from './gpuPool';
