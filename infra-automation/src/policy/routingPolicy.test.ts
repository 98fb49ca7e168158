import { checkRoutingResidency } from './routingPolicy';
import { ResourceView, types } from './resourceTypes';

const record = (
  name: string,
  props: Record<string, unknown>,
): ResourceView => ({
  type: types.route53Record,
  name,
  urn: `urn:pulumi:test::routing::${types.route53Record}::${name}`,
  props: { name, ...props },
});

function violations(resources: ResourceView[]) {
  const found: string[] = [];
  checkRoutingResidency(resources, message => found.push(message));
  return found;
}

describe('ekyc-routing-residency on hand-written records', () => {
  const geo = (country: string, target: string) =>
    record(`api.example.com`, {
      geolocationRoutingPolicies: [{ country }],
      aliases: [{ name: target }],
    });

  it('refuses a country sent to a name the stack does not define, or to an address nothing locates', () => {
    expect(
      violations([
        geo('SG', 'elsewhere.example.net'),
        geo('MY', 'x.endpoints.api.example.com'),
        record('x.endpoints.api.example.com', { records: ['203.0.113.9'] }),
      ]),
    ).toEqual([
      "api.example.com sends SG's users to a place the policy cannot locate: elsewhere.example.net is not a record of this stack. Route each country only to environments this stack defines.",
      expect.stringMatching(
        /^api\.example\.com sends MY's users to a place the policy cannot locate: x's record leads to addresses, which names no load balancer's region, and no health check tagged ekyc:environment=x says where its data is/,
      ),
    ]);
  });

  it("locates a site's addresses by its health check, and a region by its load balancer's name (ALB and NLB forms)", () => {
    const site = [
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
    expect(
      violations([geo('BD', 'bd-1.endpoints.api.example.com'), ...site]),
    ).toEqual([]);
    const nlb = record('sg-1.endpoints.api.example.com', {
      aliases: [{ name: 'sg-1-abc.elb.ap-southeast-1.amazonaws.com.' }],
    });
    expect(
      violations([geo('SG', 'sg-1.endpoints.api.example.com'), nlb]),
    ).toEqual([]);
    expect(
      violations([geo('BD', 'sg-1.endpoints.api.example.com'), nlb]),
    ).toEqual([
      expect.stringMatching(
        /^Bangladesh \(BD\): api\.example\.com sends the country's users to sg-1/,
      ),
    ]);
  });
});
