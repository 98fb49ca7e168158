import { unknownCheckingProxy } from '@pulumi/policy';
import { checkRoutingResidency } from './routingPolicy';
import { ResourceView, types } from './resourceTypes';

const zoneId = 'ZONE';

const record = (
  name: string,
  props: Record<string, unknown>,
): ResourceView => ({
  type: types.route53Record,
  name,
  urn: `urn:pulumi:test::routing::${types.route53Record}::${name}`,
  props: { zoneId, name, type: 'A', ...props },
});

const alias = (name: string, aliasZone = zoneId) => ({
  aliases: [{ name, zoneId: aliasZone }],
});

const geo = (country: unknown, target: string) =>
  record('api.example.com', {
    geolocationRoutingPolicies: [{ country }],
    ...alias(target),
  });

/** A region's record, aliasing its load balancer (whose name says the region). */
const region = (id: string, regionName: string) =>
  record(`${id}.endpoints.api.example.com`, {
    ...alias(`${id}-1.${regionName}.elb.amazonaws.com`, 'ZELB'),
  });

/** The BD site: its addresses, and the health check that says where they are. */
const bdSite = [
  record('bd-1.endpoints.api.example.com', { records: ['203.0.113.9'] }),
  {
    type: types.route53HealthCheck,
    name: 'bd-1',
    urn: 'urn:pulumi:test::routing::hc::bd-1',
    props: {
      tags: {
        'ekyc:environment': 'bd-1',
        'ekyc:data-location': 'site:BD:dhaka-1',
      },
    },
  },
];

function violations(resources: ResourceView[]) {
  const found: string[] = [];
  checkRoutingResidency(resources, message => found.push(message));
  return found;
}

describe('ekyc-routing-residency on hand-written records', () => {
  it("places a site's addresses by its health check, and a region by its load balancer's name (ALB and NLB forms)", () => {
    expect(
      violations([geo('BD', 'bd-1.endpoints.api.example.com'), ...bdSite]),
    ).toEqual([]);
    const nlb = record('sg-1.endpoints.api.example.com', {
      ...alias('sg-1-abc.elb.ap-southeast-1.amazonaws.com.', 'ZNLB'),
    });
    expect(
      violations([geo('SG', 'sg-1.endpoints.api.example.com'), nlb]),
    ).toEqual([]);
    expect(
      violations([geo('BD', 'sg-1.endpoints.api.example.com'), nlb]),
    ).toEqual([
      expect.stringMatching(
        /^Bangladesh \(BD\): api\.example\.com sends the country's users to sg-1, which would keep BD's personal data at cloud region ap-southeast-1/,
      ),
    ]);
  });

  it('refuses a country sent to a name the stack does not define, to an address nothing places, or into another zone', () => {
    expect(
      violations([
        geo('SG', 'elsewhere.example.net'),
        geo('MY', 'x.endpoints.api.example.com'),
        record('x.endpoints.api.example.com', { records: ['203.0.113.9'] }),
        record('api.example.com', {
          geolocationRoutingPolicies: [{ country: 'TH' }],
          ...alias('bd-1.endpoints.api.example.com', 'ZOTHER'),
        }),
        ...bdSite,
      ]),
    ).toEqual([
      "api.example.com sends SG's users to a place the policy cannot locate: elsewhere.example.net is not a record of this stack. Route each country only to environments this stack defines.",
      expect.stringMatching(
        /^api\.example\.com sends MY's users to a place the policy cannot locate: x's record leads to 203\.0\.113\.9, which is neither one load balancer/,
      ),
      "api.example.com sends TH's users to a place the policy cannot locate: bd-1.endpoints.api.example.com is not a record of this stack. Route each country only to environments this stack defines.",
    ]);
  });

  it('refuses default and continent records, and a country without a rule; reads a lower-case code as its country', () => {
    const us = region('us-1', 'us-east-1');
    expect(
      violations([
        geo('*', 'us-1.endpoints.api.example.com'),
        record('api.example.com', {
          geolocationRoutingPolicies: [{ continent: 'AS' }],
          ...alias('us-1.endpoints.api.example.com'),
        }),
        geo('ZZ', 'us-1.endpoints.api.example.com'),
        geo('bd', 'us-1.endpoints.api.example.com'),
        us,
      ]),
    ).toEqual([
      expect.stringMatching(/answers by continent or by default/),
      expect.stringMatching(/answers by continent or by default/),
      expect.stringMatching(/ZZ has no residency rule/),
      expect.stringMatching(/^Bangladesh \(BD\): api\.example\.com sends/),
    ]);
  });

  it('follows CNAMEs and every member of a set, failover and weighted alike', () => {
    const members = [
      geo('BD', 'bd.api.example.com'),
      record('bd.api.example.com', {
        type: 'CNAME',
        records: ['bd-set.api.example.com'],
      }),
      record('bd-set.api.example.com', {
        setIdentifier: 'a',
        failoverRoutingPolicies: [{ type: 'PRIMARY' }],
        ...alias('bd-1.endpoints.api.example.com'),
      }),
      record('bd-set.api.example.com', {
        setIdentifier: 'b',
        failoverRoutingPolicies: [{ type: 'SECONDARY' }],
        ...alias('sg-1.endpoints.api.example.com'),
      }),
      ...bdSite,
      region('sg-1', 'ap-southeast-1'),
    ];
    expect(violations(members)).toEqual([
      expect.stringMatching(
        /^Bangladesh \(BD\): bd-1 fails over to sg-1, which would keep BD's personal data at cloud region ap-southeast-1/,
      ),
    ]);
    const weighted = members.map(r =>
      r.props.setIdentifier
        ? {
            ...r,
            props: {
              ...r.props,
              failoverRoutingPolicies: undefined,
              weightedRoutingPolicies: [{ weight: 50 }],
            },
          }
        : r,
    );
    expect(violations(weighted)).toEqual([
      expect.stringMatching(
        /^Bangladesh \(BD\): api\.example\.com sends the country's users to sg-1/,
      ),
    ]);
  });

  it("judges every record under an environment's name, and takes no CNAME for a site's addresses", () => {
    expect(
      violations([
        geo('BD', 'bd-1.endpoints.api.example.com'),
        ...bdSite,
        record('bd-1.endpoints.api.example.com', {
          type: 'AAAA',
          ...alias('x-1.us-east-1.elb.amazonaws.com', 'ZELB'),
        }),
      ]),
    ).toEqual([
      expect.stringMatching(
        /^Bangladesh \(BD\): api\.example\.com sends the country's users to bd-1, which would keep BD's personal data at cloud region us-east-1/,
      ),
    ]);
    expect(
      violations([
        geo('BD', 'bd-1.endpoints.api.example.com'),
        ...bdSite.slice(1),
        record('bd-1.endpoints.api.example.com', {
          type: 'CNAME',
          records: ['x-1.us-east-1.elb.amazonaws.com'],
        }),
      ]),
    ).toEqual([expect.stringMatching(/cannot locate: bd-1's record leads to/)]);
  });

  it('refuses a record whose target is not known at preview, rather than skipping the policy', () => {
    // @pulumi/policy's sentinel for a string not known until the resource exists.
    const unknownString = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
    const pending = geo('BD', unknownString);
    expect(
      violations([{ ...pending, props: unknownCheckingProxy(pending.props) }]),
    ).toEqual([
      expect.stringMatching(
        /^cannot tell where the routing sends users before its resources exist \(string value at \.aliases\.0\.name can't be known during preview\)/,
      ),
    ]);
  });

  it('refuses a record without geolocation beside the geolocation records of its name', () => {
    expect(
      violations([
        geo('BD', 'bd-1.endpoints.api.example.com'),
        ...bdSite,
        record('api.example.com', {
          type: 'AAAA',
          ...alias('us-1.endpoints.api.example.com'),
        }),
        region('us-1', 'us-east-1'),
      ]),
    ).toEqual([
      expect.stringMatching(
        /^api\.example\.com answers countries by geolocation, but this record answers without one/,
      ),
    ]);
  });

  it('labels a latency set behind a failover as failing over, and walks long chains of shared sets once', () => {
    const behindFailover = [
      geo('MX', 'mx.api.example.com'),
      record('mx.api.example.com', {
        setIdentifier: 'p',
        failoverRoutingPolicies: [{ type: 'PRIMARY' }],
        ...alias('mx-1.endpoints.api.example.com'),
      }),
      record('mx.api.example.com', {
        setIdentifier: 's',
        failoverRoutingPolicies: [{ type: 'SECONDARY' }],
        ...alias('mx-2.api.example.com'),
      }),
      ...['us-1', 'us-2'].map(id =>
        record('mx-2.api.example.com', {
          setIdentifier: id,
          latencyRoutingPolicies: [{ region: 'us-east-1' }],
          ...alias(`${id}.endpoints.api.example.com`),
        }),
      ),
      region('mx-1', 'mx-central-1'),
      region('us-1', 'us-east-1'),
      region('us-2', 'us-west-2'),
    ];
    // Mexico's rule lists us-east-1, not us-west-2.
    expect(violations(behindFailover)).toEqual([
      expect.stringMatching(/^Mexico \(MX\): mx-1 fails over to us-2, which/),
    ]);
    // Forty levels of weighted pairs that both lead to the next: 2^40 paths, one walk.
    const levels = 40;
    const chain = Array.from({ length: levels }, (_, level) =>
      ['a', 'b'].map(member =>
        record(`l${level}.api.example.com`, {
          setIdentifier: member,
          weightedRoutingPolicies: [{ weight: 1 }],
          ...alias(
            level === levels - 1
              ? 'sg-1.endpoints.api.example.com'
              : `l${level + 1}.api.example.com`,
          ),
        }),
      ),
    ).flat();
    expect(
      violations([
        geo('SG', 'l0.api.example.com'),
        ...chain,
        region('sg-1', 'ap-southeast-1'),
      ]),
    ).toEqual([]);
  });
});
