import { parseEnvironmentOutputs } from './stackOutputs';

const site = {
  servesCountries: ['BD'],
  dataLocations: [
    {
      store: 'database',
      location: { type: 'sovereign-site', country: 'BD', site: 'bd-dhaka-1' },
      country: 'BD',
      holdsDataOf: ['BD'],
    },
  ],
};

const tunnel = {
  vpnConnection: 'vpn-0a1',
  awsAddress: '192.0.2.1',
  status: 'DOWN',
  statusMessage: 'IPSEC IS DOWN',
  lastStatusChange: '2026-12-06T00:00:00Z',
  acceptedRoutes: 0,
};

describe('parseEnvironmentOutputs', () => {
  it("reads a site's VPN tunnels from its aws output", () => {
    const outputs = parseEnvironmentOutputs(
      { ...site, aws: { region: 'ap-southeast-1', tunnels: [tunnel] } },
      'resource:ekyc-environments/bd-dhaka-1',
    );
    expect(outputs.tunnels).toEqual([tunnel]);
    expect(outputs.dataLocations).toHaveLength(1);
  });

  it('has no tunnels for a stack that reports none, and reads the rest past a malformed report', () => {
    expect(parseEnvironmentOutputs(site, 'x')).not.toHaveProperty('tunnels');
    const outputs = parseEnvironmentOutputs(
      { ...site, aws: { tunnels: [{ status: 'UP' }] } },
      'x',
    );
    expect(outputs).not.toHaveProperty('tunnels');
    expect(outputs.servesCountries).toEqual(['BD']);
  });
});
