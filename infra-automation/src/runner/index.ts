export { EnvironmentRunner } from './environmentRunner';
export type {
  DriftResult,
  EnvironmentRunnerOptions,
  OperationOptions,
  PreviewOptions,
  PreviewResult,
  UpOptions,
  UpResult,
} from './environmentRunner';
export type { PlannedStep, ProgressEvent } from './progress';
export { findPulumiCommand, pulumiEnv } from './pulumiCommand';
export { progressLine, resourceNameOf } from './progressLine';
export { pulumiBackendSettings, stackWorkDir } from './backendSettings';
export type { PulumiBackendSettings, SettingsReader } from './backendSettings';
export { StackOutputsReader } from './stackOutputs';
export type { StackOutputsReaderOptions } from './stackOutputs';
