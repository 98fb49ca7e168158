export { SiteNamespace } from './siteNamespace';
export type { SiteNamespaceArgs } from './siteNamespace';
