import { UnknownValueError } from '@pulumi/policy';
import {
  awsTags,
  checkCountryEdges,
  CountryCode,
  DataLocation,
  describeLocation,
  environmentOfEndpointRecord,
  locationOfTagValue,
  residencyRules,
  TopologyEdge,
} from '@internal/ekyc-domain';
import { ResourceView, types } from './resourceTypes';

type ReportStack = (message: string, urn?: string) => void;

/**
 * Where a chain of records ends: an environment and where it keeps data; `shared` when
 * a record set answers with it beside others (latency, weighted, multivalue) rather
 * than as a failover.
 */
type Reached =
  | { environment: string; location: DataLocation; shared?: boolean }
  | { unknown: string };

/** A name in a hosted zone; Route 53 compares names without case or final dot. */
const nameKey = (zoneId: unknown, name: unknown) =>
  `${String(zoneId ?? '')}|${String(name ?? '')
    .toLowerCase()
    .replace(/\.$/, '')}`;
const hostName = (name: unknown) =>
  String(name ?? '')
    .toLowerCase()
    .replace(/\.$/, '');

const regionPattern = '([a-z]{2}(?:-[a-z]+)+-\\d+)';
const loadBalancerNames = [
  new RegExp(`\\.${regionPattern}\\.elb\\.amazonaws\\.com(?:\\.cn)?$`),
  new RegExp(`\\.elb\\.${regionPattern}\\.amazonaws\\.com(?:\\.cn)?$`),
];

/** The region of an Elastic Load Balancing name (ALB `….<region>.elb…`, NLB `….elb.<region>…`). */
function loadBalancerRegion(dnsName: string): string | undefined {
  for (const pattern of loadBalancerNames) {
    const match = pattern.exec(dnsName);
    if (match) return match[1];
  }
  return undefined;
}

/** Record sets that answer with several members at once, none of them a failover. */
function answersTogether(record: ResourceView): boolean {
  const props = record.props;
  return Boolean(
    props.latencyRoutingPolicies?.length ||
      props.weightedRoutingPolicies?.length ||
      props.geoproximityRoutingPolicy ||
      props.cidrRoutingPolicy ||
      props.multivalueAnswerRoutingPolicy,
  );
}

/** Each answer once, in its first place: members that lead to one name add nothing. */
function distinct(answers: Reached[]): Reached[] {
  const seen = new Set<string>();
  return answers.filter(reached => {
    const key =
      'unknown' in reached
        ? reached.unknown
        : `${reached.environment} ${describeLocation(reached.location)} ${
            reached.shared ? 'shared' : ''
          }`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Failover pairs answer with their primary first; other record sets in no order. */
const answerOrder = (record: ResourceView) =>
  record.props.failoverRoutingPolicies?.[0]?.type === 'SECONDARY' ? 1 : 0;

const isAddressRecord = (record: ResourceView) =>
  ['A', 'AAAA'].includes(String(record.props.type)) &&
  !record.props.aliases?.length;

/**
 * Reads a routing stack's Route 53 records back into who answers each country: a
 * geolocation record's targets (aliases and CNAME values alike, every member of every
 * set), down to the environments' own records; where each environment keeps data from
 * its load balancer's region, or, for a site's own addresses, from the health check
 * keyed to it. Anything else it cannot place is unknown, and so refused.
 */
class RoutingGraph {
  private readonly byName = new Map<string, ResourceView[]>();
  private readonly siteLocations = new Map<string, DataLocation>();
  /** Each name's answers once worked out: sets that share members stay linear. */
  private readonly answers = new Map<string, Reached[]>();
  private readonly visiting = new Set<string>();

  constructor(resources: ResourceView[]) {
    for (const resource of resources) {
      if (resource.type === types.route53Record) {
        const key = nameKey(resource.props.zoneId, resource.props.name);
        this.byName.set(key, [...(this.byName.get(key) ?? []), resource]);
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

  /** Every answer a record gives, in the order Route 53 prefers them. */
  answersOf(record: ResourceView): Reached[] {
    const zoneId = record.props.zoneId;
    const targets: Array<{ zoneId: unknown; name: string }> = [
      ...(record.props.aliases ?? []).map(
        (alias: { name?: string; zoneId?: string }) => ({
          zoneId: alias.zoneId,
          name: hostName(alias.name),
        }),
      ),
      ...(String(record.props.type) === 'CNAME'
        ? (record.props.records ?? []).map((value: string) => ({
            zoneId,
            name: hostName(value),
          }))
        : []),
    ];
    if (!targets.length) {
      return [
        {
          unknown: `${hostName(
            record.props.name,
          )} answers with addresses of its own, not with an environment's record`,
        },
      ];
    }
    const shared = answersTogether(record);
    return targets.flatMap(target =>
      this.reach(target.zoneId, target.name).map(reached =>
        shared && 'environment' in reached ? { ...reached, shared } : reached,
      ),
    );
  }

  private reach(zoneId: unknown, name: string): Reached[] {
    const key = nameKey(zoneId, name);
    if (this.visiting.has(key)) return [{ unknown: `${name} aliases itself` }];
    const known = this.answers.get(key);
    if (known) return known;
    this.visiting.add(key);
    const reached = this.resolve(key, name);
    this.visiting.delete(key);
    this.answers.set(key, reached);
    return reached;
  }

  private resolve(key: string, name: string): Reached[] {
    const records = this.byName.get(key);
    if (!records) {
      const region = loadBalancerRegion(name);
      return [
        {
          unknown: region
            ? `${name} is a load balancer, not an environment's record`
            : `${name} is not a record of this stack`,
        },
      ];
    }
    const environment = environmentOfEndpointRecord(name);
    if (environment) {
      // Every record under the name answers (an A and an AAAA record, say).
      return records.map(r => {
        const reached = this.endpoint(environment, r);
        return records.length > 1 && 'environment' in reached
          ? { ...reached, shared: true }
          : reached;
      });
    }
    return distinct(
      [...records]
        .sort((a, b) => answerOrder(a) - answerOrder(b))
        .flatMap(record => this.answersOf(record)),
    );
  }

  /** One of an environment's records: a load balancer in a region, or a site's addresses. */
  private endpoint(environment: string, record: ResourceView): Reached {
    const alias = hostName(record.props.aliases?.[0]?.name);
    const region =
      record.props.aliases?.length === 1
        ? loadBalancerRegion(alias)
        : undefined;
    if (region) {
      return { environment, location: { type: 'cloud-region', region } };
    }
    const site = this.siteLocations.get(environment);
    if (site && isAddressRecord(record)) return { environment, location: site };
    return {
      unknown: `${environment}'s record leads to ${
        alias || (record.props.records ?? []).join(' ') || 'nothing'
      }, which is neither one load balancer (whose name gives its region) nor addresses whose health check, tagged ${
        awsTags.environment
      }=${environment}, says where its data is (${awsTags.dataLocation})`,
    };
  }
}

/** The edges along which a geolocation record sends its country's users. */
function edgesOf(
  from: string,
  answers: Reached[],
  acceleratorRegions: string[],
  report: (unknown: string) => void,
): TopologyEdge[] {
  const edges: TopologyEdge[] = [];
  let firstShared = false;
  for (const reached of answers) {
    if ('unknown' in reached) {
      report(reached.unknown);
      continue;
    }
    const where = describeLocation(reached.location);
    const known = edges.some(
      edge =>
        edge.to === reached.environment &&
        describeLocation(edge.location) === where,
    );
    if (known) continue;
    // Members of a set answer together only where the set is the first answer.
    if (!edges.length) firstShared = Boolean(reached.shared);
    const serves = !edges.length || (reached.shared && firstShared);
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
  return edges;
}

/**
 * A routing stack sends each country's users (and so their data) only where the
 * country's rule allows: every environment a geolocation record answers with, in the
 * order it would answer, and every Global Accelerator endpoint group that shares a
 * region with them. The edges are judged by the same check as a topology's. What the
 * policy cannot place, or cannot read at preview, is refused rather than let through.
 */
export function checkRoutingResidency(
  resources: ResourceView[],
  report: ReportStack,
): void {
  try {
    const graph = new RoutingGraph(resources);
    const acceleratorRegions = resources
      .filter(r => r.type === types.acceleratorEndpointGroup)
      .map(r => String(r.props.endpointGroupRegion));
    const routed = new Set(
      resources
        .filter(r => r.props.geolocationRoutingPolicies?.length)
        .map(r => nameKey(r.props.zoneId, r.props.name)),
    );
    for (const record of resources) {
      if (record.type !== types.route53Record) continue;
      if (
        !record.props.geolocationRoutingPolicies?.length &&
        routed.has(nameKey(record.props.zoneId, record.props.name))
      ) {
        report(
          `${hostName(
            record.props.name,
          )} answers countries by geolocation, but this record answers without one, so every user whose query it matches, from any country: give it a country's geolocation policy, or move it to another name`,
          record.urn,
        );
        continue;
      }
      checkRecord(record, graph, acceleratorRegions, report);
    }
  } catch (error) {
    if (!(error instanceof UnknownValueError)) throw error;
    // @pulumi/policy would turn an unreadable policy advisory: refuse instead.
    report(
      `cannot tell where the routing sends users before its resources exist (${
        (error as Error).message
      }): the routing policy reads only values known at preview`,
    );
  }
}

function checkRecord(
  record: ResourceView,
  graph: RoutingGraph,
  acceleratorRegions: string[],
  report: ReportStack,
): void {
  const geolocation = record.props.geolocationRoutingPolicies?.[0];
  if (!geolocation) return;
  const from = hostName(record.props.name);
  const country = String(geolocation.country ?? '').toUpperCase();
  if (!country || country === '*' || geolocation.continent) {
    report(
      `${from} answers by continent or by default, so it sends countries no record names (whose rules nothing checked) somewhere: give each served country a geolocation record of its own`,
      record.urn,
    );
    return;
  }
  if (!residencyRules[country as CountryCode]) {
    report(
      `${from} sends ${country}'s users somewhere, but ${country} has no residency rule, so its data may be kept nowhere: add its rule first`,
      record.urn,
    );
    return;
  }
  const edges = edgesOf(
    from,
    graph.answersOf(record),
    acceleratorRegions,
    unknown =>
      report(
        `${from} sends ${country}'s users to a place the policy cannot locate: ${unknown}. Route each country only to environments this stack defines.`,
        record.urn,
      ),
  );
  for (const violation of checkCountryEdges(country, edges)) {
    report(
      `${violation.message}. Fix: route ${country} only to environments its rule allows.`,
      record.urn,
    );
  }
}
