export { SiteNamespace } from './siteNamespace';
export type { SiteNamespaceArgs } from './siteNamespace';
export { EkycWorkloads } from './ekycWorkloads';
export type { EkycWorkloadsArgs } from './ekycWorkloads';
export { LocalDatabase } from './localDatabase';
export type { DatabaseStorage, LocalDatabaseArgs } from './localDatabase';
export { dataStoreAnnotations } from './dataStoreAnnotations';
