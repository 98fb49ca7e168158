export { parseDatabaseStorage } from './databaseStorage';
export {
  readEnvironmentsSettings,
  stateBackendOf,
} from './environmentsSettings';
export type {
  ConfigSource,
  EnvironmentsSettings,
  PulumiBackendSettings,
  StateBackendSettings,
} from './environmentsSettings';
export { readClustersSettings } from './clustersSettings';
export type { ClusterReader, ClusterSettings } from './clustersSettings';
