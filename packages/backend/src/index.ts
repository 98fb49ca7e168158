import { createBackend } from '@backstage/backend-defaults';
import { eventsModuleEkycTickets } from '@internal/plugin-scaffolder-backend-module-ekyc';
import { catalogModuleEnvironmentEntities } from './modules/environmentEntityCatalog';
import { kubernetesModuleEkycClusters } from './modules/ekycClusters';
import { permissionModuleEkycPolicy } from './modules/permissions';

const backend = createBackend();

// Serves the built frontend when app.baseUrl equals the backend's URL.
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(catalogModuleEnvironmentEntities);
// Users and groups from the GitHub organisation, where catalog.providers.githubOrg is set.
backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleEkycPolicy);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// A task's workspace kept in the database after each step, for the replica that takes
// the task up after its own died (scaffolder.taskRecovery.workspaceProvider).
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-workspace-database'),
);
backend.add(import('@internal/plugin-scaffolder-backend-module-ekyc'));

// Webhooks and ticket deliveries arrive as events: GitHub's through the GitHub module's
// signature check, the JSON intake's through ours; the scaffolder module handles both.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));
backend.add(eventsModuleEkycTickets);

backend.add(import('@backstage/plugin-kubernetes-backend'));
// The clusters of ekyc.clusters, besides those the kubernetes plugin locates itself.
backend.add(kubernetesModuleEkycClusters);
// GPU capacity, latency and residency per region and country; reads clusters through
// the kubernetes plugin's proxy.
backend.add(import('@internal/plugin-ekyc-regions-backend'));

backend.add(import('@backstage/plugin-search-backend'));
// Lunr in memory by default; PostgreSQL full-text search when the database is PostgreSQL.
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// Guest sign-in and signing in as a chosen catalog user, for local use and tests. A
// development dependency: production installs do not contain it.
if (process.env.NODE_ENV === 'development') {
  // A development dependency on purpose: production must not be able to load it.
  // eslint-disable-next-line @backstage/no-undeclared-imports
  backend.add(import('@internal/backend-development'));
}

backend.start();
