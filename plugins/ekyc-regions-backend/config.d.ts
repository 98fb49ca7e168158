export interface Config {
  /**
   * The ekyc-regions dashboard. Clusters come from the kubernetes plugin's configuration
   * (read through its proxy, with its auth); this says where each cluster's metrics are.
   */
  ekycRegions?: {
    /** Per cluster, by its name in the kubernetes plugin's config. */
    clusters?: Array<{
      name: string;
      /** Prometheus holding the cluster's image-processing and DCGM metrics. */
      prometheusUrl?: string;
    }>;
    /** The p95 image-processing latency objective, in seconds (default 1.5). */
    latencySloP95Seconds?: number;
    /** The PromQL rate window of the latency quantiles (default 5m). */
    rateWindow?: string;
    /** How long a snapshot of every source is served before it is read again (default 30). */
    cacheTtlSeconds?: number;
    /** Stack outputs change only when an environment is applied (default 300). */
    stackOutputsTtlSeconds?: number;
    /** At most this many requests to clusters, Prometheus and Pulumi at once (default 8). */
    maxConcurrentRequests?: number;
    /** Timeout of one request to a cluster or a Prometheus, in ms (default 5000). */
    requestTimeoutMs?: number;
  };
}
