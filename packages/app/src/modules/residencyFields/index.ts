import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const countryResidency = FormFieldBlueprint.make({
  name: 'ekyc-country-residency',
  params: {
    field: () =>
      import('./CountryResidencyField').then(m => m.countryResidencyField),
  },
});

const regionResidency = FormFieldBlueprint.make({
  name: 'ekyc-region-residency',
  params: {
    field: () =>
      import('./RegionResidencyField').then(m => m.regionResidencyField),
  },
});

const cluster = FormFieldBlueprint.make({
  name: 'ekyc-cluster',
  params: {
    field: () => import('./ClusterField').then(m => m.clusterField),
  },
});

/** The scaffolder form fields that know the residency rules. */
export const residencyFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [countryResidency, regionResidency, cluster],
});
