export { EnvironmentRunner } from './environmentRunner';
export type {
  EnvironmentRunnerOptions,
  OperationOptions,
  UpResult,
} from './environmentRunner';
export { InfraError } from './errors';
export type { InfraErrorKind } from './errors';
export type { ProgressEvent } from './progress';
export { findPulumiCommand, pulumiEnv } from './pulumiCommand';
