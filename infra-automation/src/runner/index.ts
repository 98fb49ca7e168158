export { EnvironmentRunner } from './environmentRunner';
export type {
  DriftResult,
  EnvironmentRunnerOptions,
  OperationOptions,
  PreviewOptions,
  PreviewResult,
  UpOptions,
  UnlockResult,
  UpResult,
} from './environmentRunner';
export type { PlannedStep, ProgressEvent } from './progress';
export { stackNameOf, stackProjectsOf, stackReferenceName } from './stackNames';
export type { StackSubject } from './stackNames';
export { findPulumiCommand, pulumiEnv } from './pulumiCommand';
export { progressLine, resourceNameOf } from './progressLine';
export { StackOutputsReader } from './stackOutputs';
export type { StackOutputsReaderOptions, StackStanding } from './stackOutputs';
export type { StackLock, StackLocks } from './stackLocks';
