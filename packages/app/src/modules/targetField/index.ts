import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const target = FormFieldBlueprint.make({
  name: 'ekyc-target',
  params: {
    field: () => import('./TargetField').then(m => m.targetField),
  },
});

/** The scaffolder form field of an environment's target. */
export const targetFieldModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [target],
});
