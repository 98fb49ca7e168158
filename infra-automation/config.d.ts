export interface Config {
  ekyc?: {
    /**
     * Costs the price table does not hold. `onPrem`: what capacity the company owns
     * costs (target kubernetes, and a sovereign site's own hardware), from finance's
     * model, read once at start-up by readOnPremCostModel (./src/cost). Without it,
     * those environments are not estimated.
     */
    costs?: {
      onPrem?: {
        /** Where the figures come from, e.g. the finance model and its version. */
        source: string;
        /** The date of the figures, YYYY-MM-DD. */
        recorded: string;
        /** The hardware (servers, GPUs, storage) spread over its life, USD per GPU-hour. */
        gpuHour: number;
        /** Power and cooling, USD per GPU-hour. */
        powerPerGpuHour: number;
        /** A sovereign site's link to its hub (circuit, routers), USD a month. */
        linkMonthly: number;
        /** Rates of their own where a country's differ, by country code. */
        byCountry?: {
          [country: string]: {
            gpuHour?: number;
            powerPerGpuHour?: number;
            linkMonthly?: number;
          };
        };
      };
    };
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
      /** target aws. */
      aws?: {
        /** Route 53 hosted zone of the API names: <zone id>:<domain>. */
        dnsZone?: string;
        /**
         * How the runner reaches a region's EKS API. `private` (the default): the
         * endpoint stays private and the portal runs inside the region's VPC or a
         * network routed to it. `allowed-cidrs`: the endpoint is public but answers only
         * allowedCidrs (the portal's egress addresses). The preflight says plainly when
         * an applied region's API cannot be reached.
         */
        clusterApi?: {
          access: 'private' | 'allowed-cidrs';
          allowedCidrs?: string[];
        };
        /**
         * The IAM role the portal assumes to read regions' clusters (the kubernetes
         * plugin's aws auth provider): each region gives it view access and its catalog
         * entity names it.
         */
        portalReaderRoleArn?: string;
      };
    };
    /**
     * The clusters environments run on, each where it is (residency covers clusters: a
     * sovereign site lands only on a cluster in its country), how the portal reads it
     * (the kubernetes plugin's own fields: its Kubernetes tab and the dashboard use
     * them) and how the runner applies to it. Clusters an AWS region creates register
     * themselves in the catalog (Resources of type kubernetes-cluster) and need no entry.
     */
    clusters?: Array<{
      /** The name environments (spec.cluster) and the kubernetes plugin know it by. */
      name: string;
      title?: string;
      /** ISO 3166-1 alpha-2 code of the country the cluster is in. */
      country: string;
      /** The cloud region it runs in (a cloud cluster), or ... */
      region?: string;
      /** ... the on-prem site it belongs to; neither: an on-prem cluster the country's sites share. */
      site?: string;
      /** Its API server. */
      url: string;
      /** The kubernetes plugin's auth provider for reading it: serviceAccount, aws, oidc, ... */
      authProvider: string;
      /**
       * A read-only service account's token (authProvider serviceAccount).
       * @visibility secret
       */
      serviceAccountToken?: string;
      caData?: string;
      caFile?: string;
      skipTLSVerify?: boolean;
      skipMetricsLookup?: boolean;
      dashboardUrl?: string;
      dashboardApp?: string;
      /** The Prometheus holding its image-processing and DCGM metrics, for the dashboard. */
      prometheusUrl?: string;
      /** How the runner applies environments to it; without it the cluster is only read. */
      deployer?: {
        /** The deployer's kubeconfig, from a Secret. */
        kubeconfigFile: string;
      };
      /** storage-class:<name> (default storage-class:standard) or local-volume:<dir>. */
      databaseStorage?: string;
    }>;
  };
}
