import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TopologyResponse } from '@internal/plugin-ekyc-regions-common';
import { ekycRegionsApiRef } from '../../api';
import { fakeEkycRegionsApi } from '../../testFixtures';
import { TopologySection } from './TopologySection';

// Rendering the test app takes 1 to 3 s here, several times that with both cores busy.
jest.setTimeout(30_000);

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const topology: TopologyResponse = {
  generatedAt: '2026-12-06T00:00:00.000Z',
  errors: [],
  links: [
    {
      entityRef: 'resource:ekyc-environments/bd-dhaka-1-link',
      site: 'bd-dhaka-1',
      country: 'BD',
      type: 'site-to-site-vpn',
      hubEnvironment: 'ap-southeast-1-primary',
      hubRegion: 'ap-southeast-1',
      createdBy: 'stack',
    },
  ],
  topologies: [
    {
      entityRef: 'resource:ekyc-topologies/ekyc-global',
      title: 'Topology ekyc-global',
      trafficDials: { 'us-east-1-primary': 100, 'us-west-2-secondary': 0 },
      countries: [
        {
          country: 'BD',
          countryName: 'Bangladesh',
          rule: 'NID-linked personal data stays in Bangladesh.',
          primary: 'bd-dhaka-1',
          failover: ['ap-southeast-1-primary'],
          routing: 'failover',
          verdict: 'violating',
          edges: [
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
          ],
        },
        {
          country: 'US',
          countryName: 'United States',
          primary: 'us-east-1-primary',
          failover: ['us-west-2-secondary'],
          routing: 'latency',
          verdict: 'compliant',
          edges: [
            {
              kind: 'secondary',
              from: 'us-east-1-primary',
              to: 'us-west-2-secondary',
              location: { type: 'cloud-region', region: 'us-west-2' },
              locationCountry: 'US',
              allowed: true,
            },
          ],
        },
      ],
    },
  ],
};

describe('TopologySection', () => {
  it("shows where each country is served from, where it fails over to, and each edge's verdict", async () => {
    await renderInTestApp(<TopologySection />, {
      apis: [[ekycRegionsApiRef, fakeEkycRegionsApi({ topology })]],
      mountedRoutes,
    });
    const bd = within(
      (await screen.findByText('Bangladesh (BD)')).closest('tr')!,
    );
    expect(bd.getByText('bd-dhaka-1')).toBeInTheDocument();
    expect(
      bd.getByText('ap-southeast-1-primary (failover)'),
    ).toBeInTheDocument();
    expect(
      bd.getByText(
        '✗ fails over to ap-southeast-1-primary, cloud region ap-southeast-1',
      ),
    ).toBeInTheDocument();
    expect(
      bd.getByText(/allows only sovereign sites in BD/),
    ).toBeInTheDocument();
    expect(bd.getByText('violating')).toBeInTheDocument();

    const us = within(screen.getByText('United States (US)').closest('tr')!);
    expect(us.getByText('us-west-2-secondary (latency)')).toBeInTheDocument();
    expect(
      us.getByText(
        '✓ global secondary us-west-2-secondary, cloud region us-west-2',
      ),
    ).toBeInTheDocument();
    expect(us.getByText('compliant')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Global Accelerator: us-east-1-primary 100%, us-west-2-secondary 0%',
      ),
    ).toBeInTheDocument();
  });

  it('shows which links join the sites to their hubs, linking each entity', async () => {
    await renderInTestApp(<TopologySection />, {
      apis: [[ekycRegionsApiRef, fakeEkycRegionsApi({ topology })]],
      mountedRoutes,
    });
    const links = within(
      await screen.findByRole('table', {
        name: 'Links between sites and hubs',
      }),
    );
    const row = within(
      links.getByText('bd-dhaka-1, Bangladesh (BD)').closest('tr')!,
    );
    expect(
      row.getByText('ap-southeast-1-primary (ap-southeast-1)'),
    ).toBeInTheDocument();
    expect(row.getByRole('link', { name: 'Site-to-site VPN' })).toHaveAttribute(
      'href',
      '/catalog/ekyc-environments/resource/bd-dhaka-1-link',
    );
    expect(row.getByText("the site's stack")).toBeInTheDocument();
  });

  it('says how to register a topology and a link when the catalog has neither', async () => {
    await renderInTestApp(<TopologySection />, {
      apis: [
        [
          ekycRegionsApiRef,
          fakeEkycRegionsApi({
            topology: { ...topology, topologies: [], links: [] },
          }),
        ],
      ],
      mountedRoutes,
    });
    expect(
      await screen.findByText(/No topology in the catalog/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No link between a site and a hub in the catalog/),
    ).toBeInTheDocument();
  });
});
