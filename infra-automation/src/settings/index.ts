export { parseDatabaseStorage } from './databaseStorage';
export { readEnvironmentsSettings } from './environmentsSettings';
export type {
  ConfigSource,
  EnvironmentsSettings,
  PulumiBackendSettings,
} from './environmentsSettings';
