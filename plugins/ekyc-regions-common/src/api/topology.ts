import type {
  DataLocation,
  NetworkLink,
  TopologyEdgeKind,
} from '@internal/ekyc-domain';
import type { SourceError } from './regions';

/** One place a country's data travels to, judged against the country's rule. */
export interface TopologyEdgeView {
  kind: TopologyEdgeKind;
  from: string;
  to: string;
  location: DataLocation;
  locationCountry?: string;
  allowed: boolean;
  /** Why not, naming the rule; only when not allowed. */
  message?: string;
}

/** Where one country's users are served from and fail over to, and where its data goes. */
export interface CountryRouteView {
  country: string;
  countryName?: string;
  /** The country's rule in a sentence; absent for a country without one. */
  rule?: string;
  primary: string;
  failover: string[];
  routing: 'failover' | 'latency';
  edges: TopologyEdgeView[];
  verdict: 'compliant' | 'violating';
}

/** A topology entity of the catalog, its countries' routes judged edge by edge. */
export interface TopologyView {
  entityRef: string;
  title?: string;
  countries: CountryRouteView[];
  /** Global Accelerator's regions and their traffic dials, where it is used. */
  trafficDials?: Record<string, number>;
}

/** A sovereign site's link to its hub region, from its network-link Resource. */
export interface NetworkLinkView extends NetworkLink {
  entityRef: string;
}

/** GET /topology: every topology in the catalog, and the links joining sites to hubs. */
export interface TopologyResponse {
  generatedAt: string;
  topologies: TopologyView[];
  links: NetworkLinkView[];
  errors: SourceError[];
}
