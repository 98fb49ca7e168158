export interface Config {
  ekyc?: {
    permissions?: {
      /**
       * Catalog group whose members may run templates that change infrastructure and may
       * change the catalog. Defaults to group:default/platform-team.
       */
      platformGroup?: string;
      /**
       * Users with the platform group's rights without being members; the local
       * sandbox's generated config lists its guest here. Defaults to none.
       */
      platformUsers?: string[];
      /**
       * Users who may only read, whatever groups they belong to.
       * Defaults to the guest provider's user, user:development/guest.
       */
      readOnlyUsers?: string[];
      /**
       * The scaffolder action ids signed-in users who are not read-only may execute (an
       * allow-list); the platform group may execute every action. Defaults to fetching,
       * catalog writes and registration, publish:github, and the eKYC actions that change
       * no infrastructure (validate, catalog-files, register-local).
       */
      contributorActions?: string[];
    };
  };
}
