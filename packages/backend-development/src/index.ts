/**
 * Sign-in for local use and tests only. The backend adds this feature when NODE_ENV
 * is development, and production installs (development dependencies left out) do not
 * contain this package at all.
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { authModuleDevelopmentUser } from './developmentUserProvider';

export { developmentUserHeader } from './developmentUserProvider';

export default createBackendFeatureLoader({
  loader: () => [
    authModuleDevelopmentUser,
    import('@backstage/plugin-auth-backend-module-guest-provider'),
  ],
});
