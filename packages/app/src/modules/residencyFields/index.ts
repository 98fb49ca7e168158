import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const countryResidency = FormFieldBlueprint.make({
  name: 'ekyc-country-residency',
  params: {
    field: () =>
      import('./CountryResidencyField').then(m => m.countryResidencyField),
  },
});

/** The scaffolder form fields that know the residency rules. */
export const residencyFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [countryResidency],
});
