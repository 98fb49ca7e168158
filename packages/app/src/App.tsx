import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { residencyFieldsModule } from './modules/residencyFields';
import { targetFieldModule } from './modules/targetField';
import { signInModule } from './modules/signIn';

// The other plugins (scaffolder, kubernetes, search, API docs, org, catalog graph, user
// settings) are discovered from this package's dependencies (`app.packages: all`).
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    signInModule,
    residencyFieldsModule,
    targetFieldModule,
  ],
});
