import { assembleViews, FleetSnapshot } from './assemble';
import { FleetNode } from '../sources/kubernetesFleet';

const node = (name: string, site: string, gpus: number): FleetNode => ({
  name,
  labels: {
    'ekyc.io/site': site,
    'ekyc.io/site-kind': 'sovereign-site',
    'ekyc.io/country': 'VN',
    'nvidia.com/gpu.product': 'NVIDIA-A10',
  },
  schedulable: true,
  gpuCapacity: gpus,
  gpuAllocatable: gpus,
});

function snapshot(overrides: Partial<FleetSnapshot>): FleetSnapshot {
  return {
    environments: { value: [] },
    clusters: [],
    metrics: new Map(),
    outputs: new Map(),
    lastSeenSites: new Map(),
    ...overrides,
  };
}

describe('assembleViews', () => {
  it('keeps a site of an unreachable cluster listed, its GPU figures unavailable with the cluster error', () => {
    const views = assembleViews(
      snapshot({
        clusters: [
          {
            name: 'hanoi',
            fleet: { error: 'https://hanoi is unreachable: ECONNREFUSED' },
          },
        ],
        lastSeenSites: new Map([
          [
            'vn-hanoi-1',
            {
              id: 'vn-hanoi-1',
              kind: 'sovereign-site',
              country: 'VN',
              clusters: ['hanoi'],
            },
          ],
        ]),
      }),
      1.5,
    );
    expect(views.regions).toHaveLength(1);
    expect(views.regions[0].gpu).toEqual({
      status: 'unavailable',
      source: 'kubernetes',
      error: 'cluster hanoi: https://hanoi is unreachable: ECONNREFUSED',
    });
    expect(views.regions[0].latency).toMatchObject({
      status: 'unavailable',
      error: expect.stringContaining('set its prometheusUrl in ekyc.clusters'),
    });
    expect(views.regions[0].residency.verdict).toBe('unknown');
    expect(views.countries.find(c => c.country === 'VN')?.verdict).toBe(
      'unknown',
    );
  });

  it("passes a site's VPN tunnels from its stack to its environment", () => {
    const tunnels = [
      {
        vpnConnection: 'vpn-0a1',
        awsAddress: '192.0.2.1',
        status: 'UP',
        statusMessage: '2 BGP ROUTES',
        lastStatusChange: '2026-12-06T00:00:00Z',
        acceptedRoutes: 2,
      },
    ];
    const entityRef = 'resource:ekyc-environments/vn-hanoi-1';
    const views = assembleViews(
      snapshot({
        environments: {
          value: [
            {
              entityRef,
              type: 'ekyc-sovereign-site',
              siteId: 'vn-hanoi-1',
              stack: 'ekyc-environments/vn-hanoi-1',
              servesCountries: ['VN'],
            },
          ],
        },
        outputs: new Map([
          [
            entityRef,
            {
              value: { servesCountries: ['VN'], dataLocations: [], tunnels },
            },
          ],
        ]),
        lastSeenSites: new Map([
          [
            'vn-hanoi-1',
            {
              id: 'vn-hanoi-1',
              kind: 'sovereign-site',
              country: 'VN',
              clusters: [],
            },
          ],
        ]),
      }),
      1.5,
    );
    expect(views.regions[0].environments[0].tunnels).toEqual(tunnels);
  });

  it('gives no GPU total for a site of two clusters while one of them fails', () => {
    const views = assembleViews(
      snapshot({
        clusters: [
          {
            name: 'hanoi-a',
            fleet: {
              value: {
                cluster: 'hanoi-a',
                nodes: [node('a1', 'vn-hanoi-1', 4)],
                pods: [],
              },
            },
          },
          { name: 'hanoi-b', fleet: { error: 'https://hanoi-b timed out' } },
        ],
        lastSeenSites: new Map([
          [
            'vn-hanoi-1',
            {
              id: 'vn-hanoi-1',
              kind: 'sovereign-site',
              country: 'VN',
              clusters: ['hanoi-a', 'hanoi-b'],
            },
          ],
        ]),
      }),
      1.5,
    );
    const [hanoi] = views.regions;
    expect(hanoi.clusters).toEqual(['hanoi-a', 'hanoi-b']);
    expect(hanoi.gpu).toEqual({
      status: 'unavailable',
      source: 'kubernetes',
      error: 'cluster hanoi-b: https://hanoi-b timed out',
    });
    expect(hanoi.utilisation.status).toBe('unavailable');
    expect(hanoi.residency.verdict).toBe('unknown');
  });

  it('says how to fix an environment whose site has no labelled nodes', () => {
    const views = assembleViews(
      snapshot({
        environments: {
          value: [
            {
              entityRef: 'resource:ekyc-environments/vn-hanoi-1',
              type: 'ekyc-sovereign-site',
              siteId: 'vn-hanoi-1',
              servesCountries: ['VN'],
            },
          ],
        },
        clusters: [
          {
            name: 'sandbox',
            fleet: {
              value: {
                cluster: 'sandbox',
                nodes: [node('n1', 'other', 4)],
                pods: [],
              },
            },
          },
        ],
      }),
      1.5,
    );
    const hanoi = views.regions.find(r => r.id === 'vn-hanoi-1')!;
    expect(hanoi.kind).toBe('sovereign-site');
    expect(hanoi.gpu).toMatchObject({
      status: 'unavailable',
      error: expect.stringContaining(
        'no node is labelled ekyc.io/site=vn-hanoi-1 in the clusters (sandbox)',
      ),
    });
    expect(hanoi.environments[0].dataLocations).toMatchObject({
      status: 'unavailable',
      error: expect.stringContaining('no pulumi.com/stack annotation'),
    });
    expect(views.countries.find(c => c.country === 'VN')?.servedBy).toEqual([
      'vn-hanoi-1',
    ]);
  });

  it('judges a country with no stores anywhere as no-data', () => {
    const views = assembleViews(snapshot({}), 1.5);
    expect(views.countries.map(c => c.verdict)).toEqual(
      views.countries.map(() => 'no-data'),
    );
  });

  it("reports a pod that is not the site's on a sovereign site's node as a residency finding", () => {
    const pod = (namespace: string, name: string, labels = {}) => ({
      namespace,
      name,
      nodeName: 'n1',
      labels,
      annotations: {},
      gpuRequest: 0,
    });
    const views = assembleViews(
      snapshot({
        clusters: [
          {
            name: 'hanoi',
            fleet: {
              value: {
                cluster: 'hanoi',
                nodes: [node('n1', 'vn-hanoi-1', 4)],
                pods: [
                  pod('ekyc-vn-hanoi-1', 'nid-api-1', {
                    'ekyc.io/site': 'vn-hanoi-1',
                  }),
                  pod('guestbook', 'frontend-1'),
                  pod('kube-system', 'kube-proxy-1'),
                ],
              },
            },
          },
        ],
      }),
      1.5,
    );
    const hanoi = views.regions.find(r => r.id === 'vn-hanoi-1')!;
    expect(hanoi.residency.verdict).toBe('violating');
    expect(hanoi.residency.findings).toEqual([
      {
        kind: 'foreign-workload',
        subject: 'hanoi/guestbook/frontend-1',
        message: expect.stringContaining(
          "runs on node n1 of sovereign site vn-hanoi-1 but is not the site's workload",
        ),
      },
    ]);
  });
});
