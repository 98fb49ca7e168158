/**
 * Scaffolder actions that apply eKYC environments through infra-automation.
 *
 * @packageDocumentation
 */
export { scaffolderModuleEkyc as default } from './module';
export {
  localCatalogLocationName,
  registeredEntitiesPath,
} from './entities/entityDestinations';
export { createTableOnce } from './createTableOnce';
export { environmentChangePermission } from './environmentPermission';
export { eventsModuleEkycTickets } from './tickets/json/eventsModule';
