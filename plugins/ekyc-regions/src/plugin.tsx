import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import PublicIcon from '@material-ui/icons/Public';
import {
  approvalsSubPage,
  countriesSubPage,
  ekycRegionsApi,
  ekycRegionsEntityContent,
  ekycRegionsPage,
  regionsSubPage,
  topologySubPage,
} from './extensions';
import { rootRouteRef } from './routes';

/** GPU capacity, latency and data residency per region, site and country. */
export const ekycRegionsPlugin = createFrontendPlugin({
  pluginId: 'ekyc-regions',
  title: 'eKYC regions',
  icon: <PublicIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    ekycRegionsApi,
    ekycRegionsPage,
    regionsSubPage,
    countriesSubPage,
    topologySubPage,
    approvalsSubPage,
    ekycRegionsEntityContent,
  ],
  routes: { root: rootRouteRef },
});
