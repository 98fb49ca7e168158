/**
 * Scaffolder actions that apply eKYC environments through infra-automation.
 *
 * @packageDocumentation
 */
export { scaffolderModuleEkyc as default } from './module';
export { localCatalogLocationName } from './actions/registerLocal';
export { environmentChangePermission } from './environmentPermission';
export { eventsModuleEkycTickets } from './tickets/json/eventsModule';
