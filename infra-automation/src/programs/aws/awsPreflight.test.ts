import net from 'node:net';
import { awsRegionSpec } from '../../__testUtils__/awsSpecs';
import { tcpReachable, unreachableClusterApi } from './awsPreflight';

const options = {
  pulumiPath: 'unused',
  pulumiEnv: {},
};
const spec = awsRegionSpec();

describe("the preflight's reach to a region's EKS API", () => {
  it('says plainly how to reach a private endpoint it cannot', async () => {
    const problem = await unreachableClusterApi(spec, {
      ...options,
      clusterApi: { access: 'private' },
      clusterEndpointOf: async () =>
        'https://ABC.gr7.ap-southeast-1.eks.amazonaws.com',
      reachable: async () => false,
    });
    expect(problem).toBe(
      "the EKS API of ap-southeast-1-primary at https://ABC.gr7.ap-southeast-1.eks.amazonaws.com cannot be reached from this portal: its endpoint is private (ekyc.environments.aws.clusterApi.access: private): run the portal inside the region's VPC or a network routed to it, or set access to allowed-cidrs with the portal's egress addresses",
    );
  });

  it("names the allowed addresses when the portal's is not among them", async () => {
    const problem = await unreachableClusterApi(spec, {
      ...options,
      clusterApi: { access: 'allowed-cidrs', allowedCidrs: ['203.0.113.0/28'] },
      clusterEndpointOf: async () => 'https://ABC.eks.amazonaws.com',
      reachable: async () => false,
    });
    expect(problem).toContain(
      "its endpoint answers only 203.0.113.0/28 (ekyc.environments.aws.clusterApi.allowedCidrs): add the portal's egress address",
    );
  });

  it('has nothing to say of a region not applied yet, or one it reaches', async () => {
    for (const clusterEndpointOf of [
      async () => undefined,
      async () => 'https://ABC.eks.amazonaws.com',
    ]) {
      expect(
        await unreachableClusterApi(spec, {
          ...options,
          clusterApi: { access: 'private' },
          clusterEndpointOf,
          reachable: async () => true,
        }),
      ).toBeUndefined();
    }
  });

  it('reaches a listening port, and not a closed one', async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await tcpReachable(`https://127.0.0.1:${port}`)).toBe(true);
    } finally {
      server.close();
    }
    expect(await tcpReachable(`https://127.0.0.1:${port}`, 500)).toBe(false);
  });
});
