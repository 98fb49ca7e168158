import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header that names the catalog User to sign in as. */
export const developmentUserHeader = 'x-ekyc-development-user';

const authenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userEntityRef: string }) => ({
    profile: { displayName: result.userEntityRef },
  }),
  initialize() {},
  async authenticate({ req }) {
    const given = req.header(developmentUserHeader);
    if (!given) {
      throw new AuthenticationError(
        `${developmentUserHeader} is missing: name the catalog User to sign in as, e.g. user:default/amira.rahman`,
      );
    }
    let userEntityRef: string;
    try {
      userEntityRef = stringifyEntityRef(
        parseEntityRef(given, { defaultKind: 'user' }),
      );
    } catch (error) {
      throw new InputError(`${developmentUserHeader}: ${error}`);
    }
    return { result: { userEntityRef } };
  },
});

/**
 * GET /api/auth/development/refresh with `X-Ekyc-Development-User: <user ref>` answers
 * a Backstage token of that catalog User, with the ownership the catalog gives them;
 * a user the catalog does not hold is refused. The module refuses to start unless
 * NODE_ENV is development and `auth.environment` is development.
 */
export const authModuleDevelopmentUser = createBackendModule({
  pluginId: 'auth',
  moduleId: 'development-user-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const environment = config.getOptionalString('auth.environment');
        if (
          process.env.NODE_ENV !== 'development' ||
          environment !== 'development'
        ) {
          throw new Error(
            `the development sign-in is for local use only: NODE_ENV is ${process.env.NODE_ENV} and auth.environment is ${environment}; production builds leave @internal/backend-development out`,
          );
        }
        providers.registerProvider({
          providerId: 'development',
          factory: createProxyAuthProviderFactory({
            authenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: result.userEntityRef,
              });
            },
          }),
        });
      },
    });
  },
});
