import type {
  DataStore,
  ResidencyViolation,
  VpnTunnelOutput,
} from '@internal/ekyc-domain';

/**
 * Figures from one source (a cluster, a Prometheus, a Pulumi backend). A source that
 * cannot be reached makes its own figures unavailable, with why, and nothing else.
 */
export type Figures<T> =
  | { status: 'available'; value: T }
  | { status: 'unavailable'; source: FigureSource; error: string };

export type FigureSource = 'kubernetes' | 'prometheus' | 'pulumi';

/** GPUs of one product (`nvidia.com/gpu.product`) at one site. */
export interface GpuProductFigures {
  product: string;
  nodes: number;
  /** `nvidia.com/gpu` capacity of the nodes. */
  capacity: number;
  /** What the scheduler may hand out: allocatable of Ready, schedulable nodes. */
  allocatable: number;
  /** Requested by pods that are not finished. */
  allocated: number;
  /** allocatable - allocated, never below zero. */
  free: number;
}

export interface GpuNodeFigures {
  node: string;
  product: string;
  /** Ready and not cordoned: its GPUs can take new pods. */
  schedulable: boolean;
  allocatable: number;
  allocated: number;
}

export interface GpuFigures {
  products: GpuProductFigures[];
  total: Omit<GpuProductFigures, 'product'>;
  nodes: GpuNodeFigures[];
}

/** DCGM_FI_DEV_GPU_UTIL averaged over the last minutes, in percent. */
export interface UtilisationFigures {
  /** Mean over the site's GPUs that report; null when none does. */
  averagePercent: number | null;
  nodes: Array<{ node: string; percent: number }>;
}

/** Quantiles of image-processing duration, in seconds; null where there was no traffic. */
export interface LatencyQuantiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface LatencyFigures {
  /** The p95 objective the figures are judged against. */
  sloP95Seconds: number;
  /** null when there was no traffic to judge. */
  withinSlo: boolean | null;
  overall: LatencyQuantiles;
  byStage: Array<{ stage: string } & LatencyQuantiles>;
  byCountry: Array<{ country: string } & LatencyQuantiles>;
  /** p95 over the last hour: [unix seconds, seconds or null]. */
  p95Series: Array<[number, number | null]>;
}

/** One place where a country's personal data is kept, as seen by one source. */
export interface DataLocationEvidence extends DataStore {
  /** The country the location is in, if known. */
  locationCountry?: string;
  /** `stack-outputs`: declared by the Pulumi stack; `cluster`: a running pod, where it runs. */
  source: 'stack-outputs' | 'cluster';
  /** The environment entity (stack outputs) or `<cluster>/<namespace>/<pod>` (cluster). */
  subject: string;
}

/** An environment Resource from the catalog and what its stack says. */
export interface EnvironmentSummary {
  entityRef: string;
  title?: string;
  type: 'ekyc-region' | 'ekyc-sovereign-site';
  /** `<project>/<stack>` from pulumi.com/stack. */
  stack?: string;
  kubernetesId?: string;
  servesCountries: string[];
  dataLocations: Figures<DataLocationEvidence[]>;
  /**
   * A sovereign site's VPN tunnels as its stack last reported them (target aws, after
   * its last up or refresh); absent where the stack reports none.
   */
  tunnels?: VpnTunnelOutput[];
}

/** A cloud region or a sovereign site: one GPU pool and whatever runs on it. */
export interface RegionView {
  /** The site id (node label ekyc.io/site); a cloud region's id is its region name. */
  id: string;
  kind: 'region' | 'sovereign-site';
  region?: string;
  country?: string;
  /** The clusters whose nodes carry this site's label. */
  clusters: string[];
  environments: EnvironmentSummary[];
  gpu: Figures<GpuFigures>;
  utilisation: Figures<UtilisationFigures>;
  latency: Figures<LatencyFigures>;
  residency: {
    verdict: ResidencyVerdict;
    violations: ResidencyViolation[];
    /** What breaks the site's isolation besides where data is: a foreign workload. */
    findings: ResidencyFinding[];
  };
}

/** Something seen on a site that its residency forbids, other than a store's location. */
export interface ResidencyFinding {
  /** `foreign-workload`: a pod that is not the site's runs on the site's nodes. */
  kind: 'foreign-workload';
  /** `<cluster>/<namespace>/<pod>`. */
  subject: string;
  message: string;
}

/**
 * `compliant`: every store seen complies; `violating`: one does not; `no-data`: no
 * store holds the country's data; `unknown`: a source needed to judge is unavailable.
 */
export type ResidencyVerdict =
  | 'compliant'
  | 'violating'
  | 'no-data'
  | 'unknown';

export interface CountryView {
  country: string;
  countryName: string;
  rule: 'in-country' | 'listed-locations';
  summary: string;
  legalBasis: string;
  /** Where the rule allows the country's data, as readable names. */
  allowed: string[];
  verdict: ResidencyVerdict;
  evidence: DataLocationEvidence[];
  violations: ResidencyViolation[];
  /** Sites and regions that serve the country. */
  servedBy: string[];
  /** Why the verdict may be incomplete: the sources that could not be read. */
  unavailable: string[];
}

/** A source that failed as a whole (a cluster, a Prometheus, the catalog). */
export interface SourceError {
  source: FigureSource | 'catalog';
  name: string;
  error: string;
}

export interface RegionsResponse {
  generatedAt: string;
  regions: RegionView[];
  errors: SourceError[];
}

export interface CountriesResponse {
  generatedAt: string;
  countries: CountryView[];
  errors: SourceError[];
}
