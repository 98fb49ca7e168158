export { checkGpuPool, kubernetesTarget } from './kubernetes';
export type { KubernetesTargetOptions } from './kubernetes';
export { awsTarget } from './aws';
export type { AwsTargetOptions } from './aws';
