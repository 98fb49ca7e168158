import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { RegionsResponse } from '@internal/plugin-ekyc-regions-common';
import { ekycRegionsApiRef } from '../../api';
import {
  fakeEkycRegionsApi,
  permissionRefusal,
  regionsResponse,
} from '../../testFixtures';
import { RegionsSection } from './RegionsSection';

function renderRegions(regions: RegionsResponse | Error) {
  return renderInTestApp(<RegionsSection />, {
    apis: [[ekycRegionsApiRef, fakeEkycRegionsApi({ regions })]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

// The card of a region: the MUI card around its heading.
async function findCard(id: string) {
  const heading = await screen.findByRole('heading', { name: id });
  return heading.closest('.MuiCard-root') as HTMLElement;
}

describe('RegionsSection', () => {
  it('shows GPU allocation, utilisation, latency against the SLO and residency of a region', async () => {
    renderRegions(regionsResponse);
    const card = within(await findCard('ap-southeast-1'));

    expect(
      card.getByText(
        'Cloud region ap-southeast-1 · Singapore (SG) · clusters: eks-sg',
      ),
    ).toBeInTheDocument();
    expect(card.getByText('13 of 32 allocated, 19 free')).toBeInTheDocument();
    expect(
      card.getByText('Utilisation 63%', { exact: false }),
    ).toBeInTheDocument();
    expect(card.getByText('p50 0.31 s')).toBeInTheDocument();
    expect(card.getByText('p95 0.62 s')).toBeInTheDocument();
    expect(card.getByText('p99 0.90 s')).toBeInTheDocument();
    expect(card.getByText('Within SLO: p95 ≤ 1.50 s')).toBeInTheDocument();
    expect(
      card.getByRole('img', { name: /p95 over the last hour, highest 0.62 s/ }),
    ).toBeInTheDocument();
    expect(card.getByText('compliant')).toBeInTheDocument();
  });

  it('keeps the GPU figures of a site whose latency is unavailable, saying why', async () => {
    renderRegions(regionsResponse);
    const card = within(await findCard('dhaka-1'));

    expect(
      card.getByText(
        'Latency unavailable: Prometheus http://prometheus.dhaka-1:9090 did not answer within 5000 ms',
      ),
    ).toBeInTheDocument();
    expect(
      card.getByText(
        '6 of 8 allocated, 2 free; 8 of 16 on unschedulable nodes',
      ),
    ).toBeInTheDocument();
    expect(
      card.getByText('Unschedulable (not Ready, or cordoned): gpu-dhaka-2'),
    ).toBeInTheDocument();
    expect(card.queryByText(/^p95/)).not.toBeInTheDocument();
    expect(card.getByText('violating')).toBeInTheDocument();
    expect(
      card.getByText(/Bangladesh \(BD\) rule "in-country" forbids/),
    ).toBeInTheDocument();
  });

  it('links each environment to its entity page, its Kubernetes tab and names its stack', async () => {
    renderRegions(regionsResponse);
    const singapore = within(await findCard('ap-southeast-1'));
    const dhaka = within(await findCard('dhaka-1'));

    expect(
      singapore.getByRole('link', { name: 'eKYC Singapore' }),
    ).toHaveAttribute('href', '/catalog/default/resource/ekyc-sg');
    expect(singapore.getByRole('link', { name: 'Kubernetes' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/ekyc-sg/kubernetes',
    );
    expect(
      singapore.getByText(
        /Stack ekyc-environment\/sg · Serves Singapore \(SG\), Malaysia \(MY\)/,
      ),
    ).toBeInTheDocument();
    expect(
      singapore.getByText('database at cloud region ap-southeast-1'),
    ).toBeInTheDocument();

    expect(dhaka.getByRole('link', { name: 'ekyc-dhaka' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/ekyc-dhaka',
    );
    expect(
      dhaka.queryByRole('link', { name: 'Kubernetes' }),
    ).not.toBeInTheDocument();
    expect(
      dhaka.getByText(
        /Data locations unavailable: .* has no pulumi.com\/stack annotation/,
      ),
    ).toBeInTheDocument();
  });

  it('lists the sources that could not be read', async () => {
    renderRegions(regionsResponse);

    expect(
      await screen.findByText(/Could not read 1 source/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'prometheus http://prometheus.dhaka-1:9090: did not answer within 5000 ms',
      ),
    ).toBeInTheDocument();
  });

  it('says how to get sites when there are none', async () => {
    renderRegions({ ...regionsResponse, regions: [], errors: [] });

    expect(await screen.findByText('No GPU sites found')).toBeInTheDocument();
    expect(
      screen.getByText(/Configure the clusters in the kubernetes plugin/),
    ).toBeInTheDocument();
  });

  it("shows the backend's reason when the regions cannot be read", async () => {
    const refusal = await ResponseError.fromResponse(
      permissionRefusal('/api/ekyc-regions/regions'),
    );
    renderRegions(refusal);

    expect(
      await screen.findByText(
        'Error: reading eKYC regions needs the ekyc.regions.read permission',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
