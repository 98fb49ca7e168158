import { topologyEntitySpecSchema } from '@internal/ekyc-domain';
import { topologyViewOf } from './topology';

const spec = topologyEntitySpecSchema.parse({
  countries: [
    {
      country: 'US',
      primary: 'us-east-1-primary',
      failover: ['us-west-2-secondary'],
      routing: 'latency',
      edges: [
        {
          kind: 'secondary',
          to: 'us-west-2-secondary',
          location: { type: 'cloud-region', region: 'us-west-2' },
        },
      ],
    },
    {
      // As an entity written before BD's rule forbade it, or by hand.
      country: 'BD',
      primary: 'bd-dhaka-1',
      failover: ['ap-southeast-1-primary'],
      routing: 'failover',
      edges: [
        {
          kind: 'failover',
          to: 'ap-southeast-1-primary',
          location: { type: 'cloud-region', region: 'ap-southeast-1' },
        },
      ],
    },
  ],
  globalAccelerator: { trafficDials: { 'us-east-1-primary': 100 } },
});

describe('topologyViewOf', () => {
  it("judges every recorded edge against its country's rule as it stands", () => {
    const view = topologyViewOf(
      'resource:ekyc-topologies/ekyc-global',
      'Topology ekyc-global',
      spec,
    );
    expect(view.countries.map(c => [c.country, c.verdict])).toEqual([
      ['US', 'compliant'],
      ['BD', 'violating'],
    ]);
    expect(view.countries[1].edges).toEqual([
      {
        kind: 'failover',
        from: 'bd-dhaka-1',
        to: 'ap-southeast-1-primary',
        location: { type: 'cloud-region', region: 'ap-southeast-1' },
        locationCountry: 'SG',
        allowed: false,
        message:
          'Bangladesh\'s rule "in-country" allows only sovereign sites in BD, not cloud region ap-southeast-1',
      },
    ]);
    expect(view.countries[0].edges[0].allowed).toBe(true);
    expect(view.trafficDials).toEqual({ 'us-east-1-primary': 100 });
  });
});
