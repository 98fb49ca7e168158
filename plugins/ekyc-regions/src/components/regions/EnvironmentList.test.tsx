import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EnvironmentSummary } from '@internal/plugin-ekyc-regions-common';
import { fixtureAppOptions } from '../../testFixtures';
import { EnvironmentList } from './EnvironmentList';

// Rendering the test app takes 1 to 3 s here, several times that with both cores busy.
jest.setTimeout(30_000);

const tunnel = (vpnConnection: string, status: string, message: string) => ({
  vpnConnection,
  awsAddress: '192.0.2.1',
  status,
  statusMessage: message,
  lastStatusChange: '2026-12-06T00:00:00Z',
  acceptedRoutes: status === 'UP' ? 2 : 0,
});

const site = (tunnels?: EnvironmentSummary['tunnels']): EnvironmentSummary => ({
  entityRef: 'resource:ekyc-environments/bd-dhaka-1',
  type: 'ekyc-sovereign-site',
  stack: 'ekyc-environments/bd-dhaka-1',
  servesCountries: ['BD'],
  dataLocations: { status: 'available', value: [] },
  ...(tunnels ? { tunnels } : {}),
});

describe('EnvironmentList', () => {
  it("shows a site's tunnels to its hub, each dead one with AWS's reason", async () => {
    await renderInTestApp(
      <EnvironmentList
        environments={[
          site([
            tunnel('vpn-0a1', 'UP', '2 BGP ROUTES'),
            tunnel('vpn-0a1', 'DOWN', 'IPSEC IS DOWN'),
          ]),
        ]}
      />,
      fixtureAppOptions,
    );
    expect(
      screen.getByText(/VPN tunnels to the hub: 1 of 2 up/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'vpn-0a1 at 192.0.2.1: DOWN (IPSEC IS DOWN) since 2026-12-06T00:00:00Z',
      ),
    ).toBeInTheDocument();
  });

  it('says nothing of tunnels where the stack reports none', async () => {
    await renderInTestApp(
      <EnvironmentList environments={[site()]} />,
      fixtureAppOptions,
    );
    expect(screen.getByText('bd-dhaka-1')).toBeInTheDocument();
    expect(screen.queryByText(/VPN tunnels/)).not.toBeInTheDocument();
  });
});
