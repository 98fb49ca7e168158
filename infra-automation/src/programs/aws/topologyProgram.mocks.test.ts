import fs from 'node:fs';
import path from 'node:path';
import { parseTopologySpec } from '@internal/ekyc-domain';
import { parse } from 'yaml';
import { applyPolicies } from '../../__testUtils__/policyHarness';
import { recordResources } from '../../__testUtils__/pulumiMocks';
import { awsRegionSpec } from '../../__testUtils__/awsSpecs';
import { topologyProgram } from './topologyProgram';

const examples = path.resolve(__dirname, '../../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));

// Sized from the measured time with a wide margin (one program on Pulumi's mocks).
jest.setTimeout(60_000);

const stackOf = (id: string) => `organization/ekyc-environments/${id}`;

/** Resources register as their inputs resolve, in no fixed order: compare sorted rows. */
const byText = (a: unknown[], b: unknown[]) => {
  const [x, y] = [a.join(' '), b.join(' ')];
  if (x === y) return 0;
  return x < y ? -1 : 1;
};

/** A region's edge outputs, as its applied stack reports them (ids start with the region). */
const edgeOf = (id: string) => ({
  aws: {
    edge: {
      regionalHostname: `api-${id}.ekyc.example.com`,
      loadBalancerArn: `arn:aws:elasticloadbalancing:::loadbalancer/app/${id}`,
      loadBalancerDnsName: `${id}-1234.${id.replace(
        /-(primary|secondary|standby)$/,
        '',
      )}.elb.amazonaws.com`,
      loadBalancerZoneId: 'ZELBMOCK',
      healthCheckId: `hc-${id}`,
    },
  },
});

/** The applied stacks of the company topology's regions, with their edges. */
const companyRegionStacks = () =>
  Object.fromEntries(
    [
      'ap-southeast-1-primary',
      'ap-southeast-7-primary',
      'us-east-1-primary',
      'us-west-2-secondary',
      'ca-central-1-primary',
    ].map(id => [stackOf(id), edgeOf(id)]),
  );

/**
 * The company's topology on AWS: Singapore and Bangkok regions for SEA (TH failing over
 * to Singapore, which TH's rule lists), the BD site through its own ingress, the US
 * from us-east-1 and us-west-2 by latency, Canada from ca-central-1, and Global
 * Accelerator in front of the US regions, us-west-2 passive.
 */
function companyTopology() {
  const singapore = awsRegionSpec({
    id: 'ap-southeast-1-primary',
    servesCountries: ['SG', 'MY', 'TH', 'PH'],
  });
  const bangkok = awsRegionSpec({
    id: 'ap-southeast-7-primary',
    region: 'ap-southeast-7',
    servesCountries: ['TH'],
  });
  return parseTopologySpec({
    kind: 'topology',
    id: 'ekyc-global',
    environments: [
      singapore,
      bangkok,
      { ...example('sovereign-site-bd.yaml') },
      example('region-us-east-1.yaml'),
      example('region-us-west-2.yaml'),
      example('region-ca-central-1.yaml'),
    ],
    countries: {
      SG: { primary: 'ap-southeast-1-primary' },
      TH: {
        primary: 'ap-southeast-7-primary',
        failover: ['ap-southeast-1-primary'],
      },
      BD: { primary: 'bd-dhaka-1' },
      US: {
        primary: 'us-east-1-primary',
        failover: ['us-west-2-secondary'],
        routing: 'latency',
      },
      CA: { primary: 'ca-central-1-primary' },
    },
    endpoints: {
      'bd-dhaka-1': {
        hostname: 'api.bd-dhaka-1.example.gov.bd',
        ipAddresses: ['203.0.113.40', '203.0.113.41'],
      },
    },
    globalAccelerator: {
      trafficDials: { 'us-east-1-primary': 100, 'us-west-2-secondary': 0 },
    },
    owner: 'group:default/platform-team',
  });
}

describe('topologyProgram with Pulumi mocks (AWS cannot be reached from here)', () => {
  let mocks: ReturnType<typeof recordResources>;
  let outputs: Record<string, any>;
  const records = () => mocks.ofType('aws:route53/record:Record');
  const record = (name: string) =>
    records().filter(r => r.inputs.name === name);

  beforeAll(async () => {
    mocks = recordResources('ekyc-global', companyRegionStacks());
    outputs = await mocks.run(
      topologyProgram(companyTopology(), {
        dnsZone: { id: 'ZMOCKZONE', name: 'ekyc.example.com' },
        environmentStack: stackOf,
      }),
    );
  });

  it("answers the global name with each country's own record set, by geolocation, and nothing for a country not served", () => {
    const geo = record('api.ekyc.example.com');
    expect(
      geo
        .map(r => [
          r.inputs.geolocationRoutingPolicies[0].country,
          r.inputs.aliases[0].name,
        ])
        .sort(byText),
    ).toEqual([
      ['BD', 'bd.api.ekyc.example.com'],
      ['CA', 'ca.api.ekyc.example.com'],
      ['SG', 'sg.api.ekyc.example.com'],
      ['TH', 'th.api.ekyc.example.com'],
      ['US', 'us.api.ekyc.example.com'],
    ]);
    // No default record: a user of an unlisted country gets no answer.
    expect(
      geo.filter(r => r.inputs.geolocationRoutingPolicies[0].country === '*'),
    ).toEqual([]);
    expect(outputs.countries.BD).toBe('bd.api.ekyc.example.com');
  });

  it("sends BD's users to the BD site's own ingress, health-checked, and nowhere else", () => {
    expect(record('bd.api.ekyc.example.com').map(r => r.inputs)).toEqual([
      expect.objectContaining({
        aliases: [
          expect.objectContaining({
            name: 'bd-dhaka-1.endpoints.api.ekyc.example.com',
          }),
        ],
      }),
    ]);
    expect(
      record('bd-dhaka-1.endpoints.api.ekyc.example.com')[0].inputs.records,
    ).toEqual(['203.0.113.40', '203.0.113.41']);
    const [check] = mocks
      .ofType('aws:route53/healthCheck:HealthCheck')
      .filter(c => c.inputs.fqdn === 'api.bd-dhaka-1.example.gov.bd');
    expect(check.inputs).toMatchObject({
      type: 'HTTPS',
      resourcePath: '/healthz',
    });
  });

  it("fails TH's users over from Bangkok to Singapore, which TH's rule lists, each side health-checked", () => {
    const pair = record('th.api.ekyc.example.com')
      .map(r => [
        r.inputs.failoverRoutingPolicies[0].type,
        r.inputs.aliases[0].name,
        r.inputs.healthCheckId,
      ])
      .sort(byText);
    expect(pair).toEqual([
      [
        'PRIMARY',
        'ap-southeast-7-primary.endpoints.api.ekyc.example.com',
        'hc-ap-southeast-7-primary',
      ],
      [
        'SECONDARY',
        'ap-southeast-1-primary.endpoints.api.ekyc.example.com',
        'hc-ap-southeast-1-primary',
      ],
    ]);
    expect(
      record('ap-southeast-7-primary.endpoints.api.ekyc.example.com')[0].inputs
        .aliases,
    ).toEqual([
      {
        name: 'ap-southeast-7-primary-1234.ap-southeast-7.elb.amazonaws.com',
        zoneId: 'ZELBMOCK',
        evaluateTargetHealth: true,
      },
    ]);
  });

  it('answers US users from the nearer healthy US region, by latency', () => {
    expect(
      record('us.api.ekyc.example.com')
        .map(r => [
          r.inputs.setIdentifier,
          r.inputs.latencyRoutingPolicies[0].region,
          r.inputs.healthCheckId,
        ])
        .sort(byText),
    ).toEqual([
      ['us-east-1-primary', 'us-east-1', 'hc-us-east-1-primary'],
      ['us-west-2-secondary', 'us-west-2', 'hc-us-west-2-secondary'],
    ]);
  });

  it('puts Global Accelerator in front of the US regions, us-west-2 passive at a dial of 0', () => {
    const groups = mocks
      .ofType('aws:globalaccelerator/endpointGroup:EndpointGroup')
      .map(g => g.inputs)
      .sort((a, b) =>
        a.endpointGroupRegion.localeCompare(b.endpointGroupRegion),
      );
    expect(
      groups.map(g => [
        g.endpointGroupRegion,
        g.trafficDialPercentage,
        g.endpointConfigurations[0].endpointId,
      ]),
    ).toEqual([
      [
        'us-east-1',
        100,
        'arn:aws:elasticloadbalancing:::loadbalancer/app/us-east-1-primary',
      ],
      [
        'us-west-2',
        0,
        'arn:aws:elasticloadbalancing:::loadbalancer/app/us-west-2-secondary',
      ],
    ]);
    expect(groups[0]).toMatchObject({
      healthCheckPath: '/healthz',
      healthCheckProtocol: 'HTTPS',
    });
    const [listener] = mocks.ofType('aws:globalaccelerator/listener:Listener');
    expect(listener.inputs.portRanges).toEqual([
      { fromPort: 443, toPort: 443 },
    ]);
    expect(record('global.api.ekyc.example.com')).toHaveLength(1);
  });

  it('chains a second failover after the first', async () => {
    const chained = recordResources(
      'chained',
      Object.fromEntries(
        ['us-east-1-primary', 'us-west-2-secondary', 'us-east-2-standby'].map(
          id => [stackOf(id), edgeOf(id)],
        ),
      ),
    );
    const standby = awsRegionSpec({
      id: 'us-east-2-standby',
      region: 'us-east-2',
      servesCountries: ['US'],
    });
    await chained.run(
      topologyProgram(
        parseTopologySpec({
          kind: 'topology',
          id: 'chained',
          environments: [
            example('region-us-east-1.yaml'),
            example('region-us-west-2.yaml'),
            standby,
          ],
          countries: {
            US: {
              primary: 'us-east-1-primary',
              failover: ['us-west-2-secondary', 'us-east-2-standby'],
            },
          },
          owner: 'group:default/platform-team',
        }),
        {
          dnsZone: { id: 'ZMOCKZONE', name: 'ekyc.example.com' },
          environmentStack: stackOf,
        },
      ),
    );
    const links = chained
      .ofType('aws:route53/record:Record')
      .filter(r => r.inputs.failoverRoutingPolicies)
      .map(r => [
        r.inputs.name,
        r.inputs.failoverRoutingPolicies[0].type,
        r.inputs.aliases[0].name,
      ])
      .sort(byText);
    expect(links).toEqual([
      [
        'us-1.api.ekyc.example.com',
        'PRIMARY',
        'us-west-2-secondary.endpoints.api.ekyc.example.com',
      ],
      [
        'us-1.api.ekyc.example.com',
        'SECONDARY',
        'us-east-2-standby.endpoints.api.ekyc.example.com',
      ],
      [
        'us.api.ekyc.example.com',
        'PRIMARY',
        'us-east-1-primary.endpoints.api.ekyc.example.com',
      ],
      ['us.api.ekyc.example.com', 'SECONDARY', 'us-1.api.ekyc.example.com'],
    ]);
  });

  it('passes the policy pack: every country routed only where its rule allows', async () => {
    expect(await applyPolicies(mocks.resources)).toEqual([]);
  });
});

describe('the policy pack on a routing stack built from a topology changed after validation, with Pulumi mocks', () => {
  /** The violations of the routing of `topology`, which skips the topology's own check. */
  async function routingViolations(
    topology: ReturnType<typeof companyTopology>,
  ) {
    const stack = recordResources('tampered', companyRegionStacks());
    await stack.run(
      topologyProgram(topology, {
        dnsZone: { id: 'ZMOCKZONE', name: 'ekyc.example.com' },
        environmentStack: stackOf,
      }),
    );
    return applyPolicies(stack.resources);
  }

  it("refuses BD's users failing over to Singapore, naming BD's rule and the edge", async () => {
    const topology = companyTopology();
    topology.countries.BD = {
      primary: 'bd-dhaka-1',
      failover: ['ap-southeast-1-primary'],
      routing: 'failover',
    };
    expect(await routingViolations(topology)).toEqual([
      {
        policy: 'ekyc-routing-residency',
        resource: 'ekyc-global-geo-bd',
        message: expect.stringMatching(
          /^Bangladesh \(BD\): bd-dhaka-1 fails over to ap-southeast-1-primary, which would keep BD's personal data at cloud region ap-southeast-1 \(SG\); BD's rule "in-country" allows only sovereign sites in BD .*\. Fix: route BD only to environments its rule allows\.$/,
        ),
      },
    ]);
  });

  it("refuses CA's users sent to us-east-1 as their primary", async () => {
    const topology = companyTopology();
    topology.countries.CA = {
      primary: 'us-east-1-primary',
      failover: [],
      routing: 'failover',
    };
    const violations = await routingViolations(topology);
    expect(violations.map(v => [v.policy, v.resource])).toContainEqual([
      'ekyc-routing-residency',
      'ekyc-global-geo-ca',
    ]);
    expect(violations.map(v => v.message)).toContainEqual(
      expect.stringMatching(
        /^Canada \(CA\): api\.ekyc\.example\.com sends the country's users to us-east-1-primary, which would keep CA's personal data at cloud region us-east-1/,
      ),
    );
  });

  it('refuses Global Accelerator in front of Singapore beside the US regions, for each country on either side', async () => {
    const topology = companyTopology();
    topology.globalAccelerator = {
      trafficDials: {
        'us-east-1-primary': 100,
        'us-west-2-secondary': 0,
        'ap-southeast-1-primary': 0,
      },
    };
    const violations = await routingViolations(topology);
    expect(violations.map(v => v.message.split(',')[0]).sort()).toEqual(
      expect.arrayContaining([
        'Singapore (SG): ap-southeast-1-primary shares its Global Accelerator with an endpoint group in us-east-1',
        'United States (US): us-east-1-primary shares its Global Accelerator with an endpoint group in ap-southeast-1',
      ]),
    );
  });
});
