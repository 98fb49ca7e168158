export interface Config {
  ekyc?: {
    /**
     * Where and how environments are applied: read once, at start-up, by
     * readEnvironmentsSettings (./src/settings) for the scaffolder's actions, the
     * catalog's local environments and the ekyc-regions dashboard's stack outputs.
     */
    environments?: {
      pulumi: {
        /** Pulumi backend of the environments' stacks: file://, s3://, gs://, azblob:// or Pulumi Cloud. */
        backendUrl: string;
        /**
         * Encrypts the stacks' secrets (and generated secrets with a KMS too).
         * @visibility secret
         */
        passphrase?: string;
        /** A file holding the passphrase instead (the local sandbox writes one). */
        passphraseFile?: string;
        /** A KMS secrets provider for production, e.g. awskms://alias/ekyc-pulumi. */
        secretsProvider?: string;
        /** Where previews keep the update plans the following up applies. */
        planDir?: string;
        /** A JSON config file for the ekyc-guardrails policy pack. */
        policyConfigFile?: string;
        /**
         * Pulumi operations this portal process runs at once (default 2); more wait in
         * order, and their task logs say how many are ahead.
         */
        maxConcurrentOperations?: number;
        /**
         * Environments whose stacks live in a backend of their own, e.g. a sovereign
         * site's state in a PostgreSQL in its country. The runner, the outputs reader
         * and the dashboard use it for those stacks only; every other stack stays in
         * backendUrl.
         */
        stateBackends?: Array<{
          /** The environment ids whose state lives here. */
          environments: string[];
          backendUrl: string;
          /** @visibility secret */
          passphrase?: string;
          passphraseFile?: string;
          secretsProvider?: string;
        }>;
      };
      /**
       * A directory on the backend host where ekyc:environment:register-local writes
       * entity files and the catalog reads them (the local sandbox: one process, one
       * disk). Unset, register-local keeps entities in the catalog's database, which
       * every replica shares: leave it unset in production.
       */
      localCatalogDir?: string;
      /** target kubernetes: the cluster environments are applied to. */
      kubernetes?: {
        /** Kubeconfig of the deployer; without it, the process's default kubeconfig. */
        kubeconfigFile?: string;
        /** storage-class:<name> (default storage-class:standard) or local-volume:<dir>. */
        storage?: string;
        /** The cluster's name in the kubernetes plugin's config, for entity annotations. */
        clusterName?: string;
      };
      /** target aws. */
      aws?: {
        /** Route 53 hosted zone of the API names: <zone id>:<domain>. */
        dnsZone?: string;
      };
    };
  };
}
