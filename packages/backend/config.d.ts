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
       * Scaffolder action ids that create, change or delete infrastructure; only members
       * of the platform group may execute them.
       */
      infrastructureActions?: string[];
    };
  };
}
