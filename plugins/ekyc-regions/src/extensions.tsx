import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { EkycRegionsClient, ekycRegionsApiRef } from './api';
import { rootRouteRef } from './routes';

export const ekycRegionsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ekycRegionsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EkycRegionsClient({ discoveryApi, fetchApi }),
    }),
});

/** The page; its title and the plugin's icon make its sidebar entry, its sub-pages its tabs. */
export const ekycRegionsPage = PageBlueprint.make({
  params: {
    path: '/ekyc-regions',
    title: 'eKYC regions',
    routeRef: rootRouteRef,
  },
});

export const regionsSubPage = SubPageBlueprint.make({
  name: 'regions',
  params: {
    path: 'regions',
    title: 'Regions',
    loader: () =>
      import('./components/regions/RegionsSection').then(m => (
        <Content>
          <m.RegionsSection />
        </Content>
      )),
  },
});

export const countriesSubPage = SubPageBlueprint.make({
  name: 'countries',
  params: {
    path: 'countries',
    title: 'Countries',
    loader: () =>
      import('./components/countries/CountriesSection').then(m => (
        <Content>
          <m.CountriesSection />
        </Content>
      )),
  },
});

export const topologySubPage = SubPageBlueprint.make({
  name: 'topology',
  params: {
    path: 'topology',
    title: 'Topology',
    loader: () =>
      import('./components/topology/TopologySection').then(m => (
        <Content>
          <m.TopologySection />
        </Content>
      )),
  },
});

export const approvalsSubPage = SubPageBlueprint.make({
  name: 'approvals',
  params: {
    path: 'approvals',
    title: 'Approvals',
    loader: () =>
      import('./components/approvals/ApprovalsSection').then(m => (
        <Content>
          <m.ApprovalsSection />
        </Content>
      )),
  },
});

/** The entity tab, on environment Resources and on the ekyc System. */
export const ekycRegionsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/ekyc-regions',
    title: 'eKYC regions',
    filter: {
      $any: [
        {
          kind: 'resource',
          'spec.type': { $in: ['ekyc-region', 'ekyc-sovereign-site'] },
        },
        { kind: 'system', 'metadata.name': 'ekyc' },
      ],
    },
    loader: () =>
      import('./components/entity/EkycRegionsEntityContent').then(m => (
        <m.EkycRegionsEntityContent />
      )),
  },
});
