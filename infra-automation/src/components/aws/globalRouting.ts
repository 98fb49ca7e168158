import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  awsTags,
  DataLocation,
  endpointRecordName,
  locationTagValue,
} from '@internal/ekyc-domain';
import { apiHealthCheck, globalApiName } from './apiEndpoint';

/** Where an environment answers: its region's load balancer, or a site's own ingress. */
export type RoutedEndpoint =
  | {
      kind: 'load-balancer';
      /** The AWS region, for latency records and Global Accelerator. */
      region: string;
      dnsName: pulumi.Input<string>;
      zoneId: pulumi.Input<string>;
      arn: pulumi.Input<string>;
      healthCheckId: pulumi.Input<string>;
    }
  | {
      kind: 'address';
      hostname: string;
      ipAddresses: string[];
      /** Where the environment behind the address keeps its data. */
      location: DataLocation;
    };

export interface RoutedCountry {
  primary: string;
  failover: string[];
  routing: 'failover' | 'latency';
}

export interface GlobalRoutingArgs {
  /** The hosted zone the API's global name (api.<zone>) lives in. */
  dnsZone: { id: string; name: string };
  endpoints: Record<string, RoutedEndpoint>;
  /** Each country's placement, already checked against its rule (the topology's). */
  countries: Record<string, RoutedCountry>;
  /** Global Accelerator's endpoint groups: a region environment's traffic dial each. */
  globalAccelerator?: { trafficDials: Record<string, number> };
  tags: Record<string, string>;
}

/** Global Accelerator's hosted zone, which an alias to an accelerator names. */
const acceleratorZoneId = 'Z2BJ6XQ5FK7U4H';

/**
 * Who answers the API's global name for each country. Every environment gets a record
 * of its own (`<id>.endpoints.api.<zone>`), health-checked; every country a record set
 * (`<cc>.api.<zone>`) that answers with its primary while healthy and then each
 * failover in order (Route 53 failover pairs, chained), or with the nearest healthy of
 * them (latency records); and the global name a geolocation record per country that
 * aliases the country's set. A country not listed gets no answer: its data has no
 * place. Optionally, Global Accelerator with an endpoint group per region and its
 * traffic dial (active-passive: a dial of 0 keeps a region ready but idle), behind
 * `global.api.<zone>`.
 */
export class GlobalRouting extends pulumi.ComponentResource {
  readonly endpointRecords: Record<string, aws.route53.Record> = {};
  readonly healthChecks: Record<string, pulumi.Input<string>> = {};
  readonly countryRecords: aws.route53.Record[] = [];
  readonly geolocationRecords: aws.route53.Record[] = [];
  readonly accelerator?: aws.globalaccelerator.Accelerator;
  readonly endpointGroups: aws.globalaccelerator.EndpointGroup[] = [];
  /** The API's global name. */
  readonly apiHostname: string;

  constructor(
    name: string,
    args: GlobalRoutingArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:GlobalRouting', name, {}, opts);
    const child = { parent: this };
    const zone = args.dnsZone;
    this.apiHostname = globalApiName(zone.name);
    const endpointName = (id: string) =>
      endpointRecordName(id, this.apiHostname);

    for (const [id, endpoint] of Object.entries(args.endpoints)) {
      if (endpoint.kind === 'load-balancer') {
        this.healthChecks[id] = endpoint.healthCheckId;
        this.endpointRecords[id] = new aws.route53.Record(
          `${name}-${id}`,
          {
            zoneId: zone.id,
            name: endpointName(id),
            type: 'A',
            aliases: [
              {
                name: endpoint.dnsName,
                zoneId: endpoint.zoneId,
                evaluateTargetHealth: true,
              },
            ],
          },
          child,
        );
        continue;
      }
      // An address does not say where it is: the health check, keyed to the
      // environment, says it for the policy pack.
      this.healthChecks[id] = apiHealthCheck(
        `${name}-${id}`,
        endpoint.hostname,
        {
          ...args.tags,
          [awsTags.environment]: id,
          [awsTags.dataLocation]: locationTagValue(endpoint.location),
        },
        child,
      ).id;
      this.endpointRecords[id] = new aws.route53.Record(
        `${name}-${id}`,
        {
          zoneId: zone.id,
          name: endpointName(id),
          type: 'A',
          ttl: 60,
          records: endpoint.ipAddresses,
        },
        child,
      );
    }

    const aliasTo = (recordName: string) => [
      { name: recordName, zoneId: zone.id, evaluateTargetHealth: true },
    ];
    for (const [country, placement] of Object.entries(args.countries)) {
      const code = country.toLowerCase();
      const setName = `${code}.${this.apiHostname}`;
      const chain = [placement.primary, ...placement.failover];
      if (placement.routing === 'latency') {
        for (const id of chain) {
          const endpoint = args.endpoints[id];
          if (endpoint?.kind !== 'load-balancer') {
            throw new Error(
              `${country} is routed by latency, which needs AWS regions: ${id} has no load balancer`,
            );
          }
          this.countryRecords.push(
            new aws.route53.Record(
              `${name}-${code}-${id}`,
              {
                zoneId: zone.id,
                name: setName,
                type: 'A',
                setIdentifier: id,
                latencyRoutingPolicies: [{ region: endpoint.region }],
                healthCheckId: this.healthChecks[id],
                aliases: aliasTo(endpointName(id)),
              },
              child,
            ),
          );
        }
      } else {
        this.failoverChain(name, code, zone.id, setName, chain, endpointName);
      }
      this.geolocationRecords.push(
        new aws.route53.Record(
          `${name}-geo-${code}`,
          {
            zoneId: zone.id,
            name: this.apiHostname,
            type: 'A',
            setIdentifier: country,
            geolocationRoutingPolicies: [{ country }],
            aliases: aliasTo(setName),
          },
          child,
        ),
      );
    }

    if (args.globalAccelerator) {
      this.accelerator = this.createAccelerator(name, args, child);
    }
    this.registerOutputs({ apiHostname: this.apiHostname });
  }

  /**
   * The primary while healthy, then each failover in turn: a failover pair per link,
   * each pair's secondary the next pair's name, the last the last environment.
   */
  private failoverChain(
    name: string,
    code: string,
    zoneId: string,
    setName: string,
    chain: string[],
    endpointName: (id: string) => string,
  ) {
    const aliasTo = (recordName: string) => [
      { name: recordName, zoneId, evaluateTargetHealth: true },
    ];
    if (chain.length === 1) {
      this.countryRecords.push(
        new aws.route53.Record(
          `${name}-${code}`,
          {
            zoneId,
            name: setName,
            type: 'A',
            aliases: aliasTo(endpointName(chain[0])),
          },
          { parent: this },
        ),
      );
      return;
    }
    const levelName = (level: number) =>
      level === 0 ? setName : `${code}-${level}.${this.apiHostname}`;
    for (let level = 0; level < chain.length - 1; level++) {
      const last = level === chain.length - 2;
      const pair = [
        {
          role: 'PRIMARY',
          id: chain[level],
          target: endpointName(chain[level]),
        },
        {
          role: 'SECONDARY',
          id: chain[level + 1],
          target: last ? endpointName(chain[level + 1]) : levelName(level + 1),
        },
      ];
      for (const member of pair) {
        this.countryRecords.push(
          new aws.route53.Record(
            `${name}-${code}-${level}-${member.role.toLowerCase()}`,
            {
              zoneId,
              name: levelName(level),
              type: 'A',
              setIdentifier: `${code}-${level}-${member.role.toLowerCase()}`,
              failoverRoutingPolicies: [{ type: member.role }],
              // The secondary of a middle link is judged by the next link's records.
              ...(member.role === 'PRIMARY' || last
                ? { healthCheckId: this.healthChecks[member.id] }
                : {}),
              aliases: aliasTo(member.target),
            },
            { parent: this },
          ),
        );
      }
    }
  }

  private createAccelerator(
    name: string,
    args: GlobalRoutingArgs,
    child: pulumi.CustomResourceOptions,
  ): aws.globalaccelerator.Accelerator {
    const accelerator = new aws.globalaccelerator.Accelerator(
      name,
      {
        name,
        ipAddressType: 'IPV4',
        enabled: true,
        tags: args.tags,
      },
      child,
    );
    const listener = new aws.globalaccelerator.Listener(
      name,
      {
        acceleratorArn: accelerator.arn,
        protocol: 'TCP',
        clientAffinity: 'SOURCE_IP',
        portRanges: [{ fromPort: 443, toPort: 443 }],
      },
      child,
    );
    for (const [id, dial] of Object.entries(
      args.globalAccelerator!.trafficDials,
    )) {
      const endpoint = args.endpoints[id];
      if (endpoint?.kind !== 'load-balancer') {
        throw new Error(
          `Global Accelerator's endpoint groups are regions: ${id} has no load balancer`,
        );
      }
      this.endpointGroups.push(
        new aws.globalaccelerator.EndpointGroup(
          `${name}-${id}`,
          {
            listenerArn: listener.arn,
            endpointGroupRegion: endpoint.region,
            trafficDialPercentage: dial,
            healthCheckProtocol: 'HTTPS',
            healthCheckPort: 443,
            healthCheckPath: '/healthz',
            endpointConfigurations: [
              {
                endpointId: endpoint.arn,
                weight: 100,
                clientIpPreservationEnabled: true,
              },
            ],
          },
          child,
        ),
      );
    }
    this.countryRecords.push(
      new aws.route53.Record(
        `${name}-accelerator`,
        {
          zoneId: args.dnsZone.id,
          name: `global.${this.apiHostname}`,
          type: 'A',
          aliases: [
            {
              name: accelerator.dnsName,
              zoneId: acceleratorZoneId,
              evaluateTargetHealth: true,
            },
          ],
        },
        child,
      ),
    );
    return accelerator;
  }
}
