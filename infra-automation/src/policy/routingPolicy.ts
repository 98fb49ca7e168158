import {
  awsTags,
  checkCountryEdges,
  DataLocation,
  environmentOfEndpointRecord,
  locationOfTagValue,
  TopologyEdge,
} from '@internal/ekyc-domain';
import { ResourceView, types } from './resourceTypes';

type ReportStack = (message: string, urn?: string) => void;

interface AliasTarget {
  name: string;
}

/**
 * Where a chain of records ends: an environment and where it keeps data; `shared` when
 * a latency record set answers with it beside others rather than as a failover.
 */
type Reached =
  | { environment: string; location: DataLocation; shared?: boolean }
  | { unknown: string };

const hostName = (name: unknown) =>
  String(name ?? '')
    .toLowerCase()
    .replace(/\.$/, '');

/** The region of an Elastic Load Balancing name (ALB `….<region>.elb…`, NLB `….elb.<region>…`). */
function loadBalancerRegion(dnsName: string): string | undefined {
  const match =
    /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.elb\.amazonaws\.com(?:\.cn)?$/.exec(
      dnsName,
    ) ??
    /\.elb\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(dnsName);
  return match?.[1];
}

/** Failover pairs answer with their primary first; other record sets in no order. */
const answerOrder = (record: ResourceView) =>
  record.props.failoverRoutingPolicies?.[0]?.type === 'SECONDARY' ? 1 : 0;

/**
 * Reads a routing stack's Route 53 records back into who answers each country: a
 * geolocation record's alias, through failover and latency record sets, down to the
 * environments' own records; where each environment keeps data from its load
 * balancer's region, or from the health check a site's address carries.
 */
class RoutingGraph {
  private readonly byName = new Map<string, ResourceView[]>();
  private readonly siteLocations = new Map<string, DataLocation>();

  constructor(resources: ResourceView[]) {
    for (const resource of resources) {
      if (resource.type === types.route53Record) {
        const name = hostName(resource.props.name);
        this.byName.set(name, [...(this.byName.get(name) ?? []), resource]);
      }
      if (resource.type === types.route53HealthCheck) {
        const tags = resource.props.tags ?? {};
        const location = locationOfTagValue(tags[awsTags.dataLocation]);
        if (tags[awsTags.environment] && location) {
          this.siteLocations.set(tags[awsTags.environment], location);
        }
      }
    }
  }

  /** Every answer a name gives, in the order Route 53 prefers them. */
  reach(name: string, seen: Set<string> = new Set()): Reached[] {
    if (seen.has(name)) return [{ unknown: `${name} aliases itself` }];
    const records = this.byName.get(name);
    if (!records) {
      return [{ unknown: `${name} is not a record of this stack` }];
    }
    const environment = environmentOfEndpointRecord(name);
    if (environment) return [this.endpoint(environment, records)];
    return [...records]
      .sort((a, b) => answerOrder(a) - answerOrder(b))
      .flatMap(record => {
        const shared = Boolean(record.props.latencyRoutingPolicies?.length);
        return ((record.props.aliases ?? []) as AliasTarget[]).flatMap(alias =>
          this.reach(hostName(alias.name), new Set([...seen, name])).map(
            reached => (shared ? { ...reached, shared } : reached),
          ),
        );
      });
  }

  private endpoint(environment: string, records: ResourceView[]): Reached {
    const alias = hostName(records[0].props.aliases?.[0]?.name);
    const region = alias ? loadBalancerRegion(alias) : undefined;
    if (region)
      return { environment, location: { type: 'cloud-region', region } };
    const site = this.siteLocations.get(environment);
    if (!alias && site) return { environment, location: site };
    return {
      unknown: `${environment}'s record leads to ${
        alias || 'addresses'
      }, which names no load balancer's region, and no health check tagged ${
        awsTags.environment
      }=${environment} says where its data is (${awsTags.dataLocation})`,
    };
  }
}

/**
 * A routing stack sends each country's users (and so their data) only where the
 * country's rule allows: every environment a geolocation record answers with, in the
 * order it would answer, and every Global Accelerator endpoint group that shares a
 * region with them. The edges are judged by the same check as a topology's.
 */
export function checkRoutingResidency(
  resources: ResourceView[],
  report: ReportStack,
): void {
  const graph = new RoutingGraph(resources);
  const acceleratorRegions = resources
    .filter(r => r.type === types.acceleratorEndpointGroup)
    .map(r => r.props.endpointGroupRegion as string);
  for (const record of resources) {
    const country = record.props.geolocationRoutingPolicies?.[0]?.country;
    if (record.type !== types.route53Record || !country || country === '*') {
      continue;
    }
    const from = hostName(record.props.name);
    const edges: TopologyEdge[] = [];
    for (const reached of graph.reach(
      hostName(record.props.aliases?.[0]?.name),
    )) {
      if ('unknown' in reached) {
        report(
          `${from} sends ${country}'s users to a place the policy cannot locate: ${reached.unknown}. Route each country only to environments this stack defines.`,
          record.urn,
        );
        continue;
      }
      if (edges.some(edge => edge.to === reached.environment)) continue;
      const serves = !edges.length || 'shared' in reached;
      edges.push({
        kind: serves ? 'serves' : 'failover',
        from: serves ? from : edges[0].to,
        to: reached.environment,
        location: reached.location,
      });
    }
    const regions = edges.flatMap(edge =>
      edge.location.type === 'cloud-region' ? [edge.location.region] : [],
    );
    if (regions.some(region => acceleratorRegions.includes(region))) {
      for (const region of acceleratorRegions) {
        edges.push({
          kind: 'accelerator',
          from: edges[0].to,
          to: `an endpoint group in ${region}`,
          location: { type: 'cloud-region', region },
        });
      }
    }
    for (const violation of checkCountryEdges(country, edges)) {
      report(
        `${violation.message}. Fix: route ${country} only to environments its rule allows.`,
        record.urn,
      );
    }
  }
}
