import * as pulumi from '@pulumi/pulumi';
import { applyPolicies } from '../../__testUtils__/policyHarness';
import { recordResources } from '../../__testUtils__/pulumiMocks';
import { SovereignSiteSpec } from '@internal/ekyc-domain';
import { awsSiteSpec } from '../../__testUtils__/awsSpecs';
import { awsSovereignSiteProgram } from './sovereignSiteProgram';

// Sized from the measured time with a wide margin (a site on Pulumi's mocks and the policy pack: 6 s for the file with the two cores shared with a build).
jest.setTimeout(60_000);

const hubStack = 'organization/ekyc-environments/ap-southeast-1-primary';
const hubOutputs = {
  [hubStack]: {
    aws: {
      network: {
        vpcId: 'vpc-hub',
        cidrBlock: '10.16.0.0/16',
        privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
        privateRouteTableIds: ['rtb-a', 'rtb-b', 'rtb-c'],
      },
    },
  },
};

const siteSpec = awsSiteSpec;

// The site's own cluster is not started for these tests: its GPU inventory is given.
const site = {
  storage: { storageClassName: 'local-ssd' },
  takeBackDrift: false,
  gpuInventory: async (
    _: unknown,
    labels: Record<string, string>,
    product: string,
  ) => ({
    selector: `${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')},nvidia.com/gpu.product=${product}`,
    product,
    nodes: 2,
    gpus: 8,
    allocatableGpus: 8,
  }),
};

async function applySite(spec: SovereignSiteSpec) {
  const mocks = recordResources(spec.id, hubOutputs);
  pulumi.runtime.setAllConfig({ 'ekyc:databasePassword': 'mock-password' }, [
    'ekyc:databasePassword',
  ]);
  const outputs = await mocks.run(
    awsSovereignSiteProgram(spec, { site, hubStackName: () => hubStack }),
  );
  return { ...mocks, outputs };
}

describe('awsSovereignSiteProgram with Pulumi mocks (AWS cannot be reached from here)', () => {
  describe('joined by a redundant site-to-site VPN', () => {
    let bd: Awaited<ReturnType<typeof applySite>>;
    beforeAll(async () => {
      bd = await applySite(
        siteSpec({
          type: 'site-to-site-vpn',
          customerGatewayIps: ['203.0.113.10', '198.51.100.10'],
        }),
      );
    });

    it('keeps the transit gateway off its default route tables', () => {
      const [gateway] = bd.ofType(
        'aws:ec2transitgateway/transitGateway:TransitGateway',
      );
      expect(gateway.inputs).toMatchObject({
        region: 'ap-southeast-1',
        amazonSideAsn: 64512,
        defaultRouteTableAssociation: 'disable',
        defaultRouteTablePropagation: 'disable',
        vpnEcmpSupport: 'enable',
      });
      const [attachment] = bd.ofType(
        'aws:ec2transitgateway/vpcAttachment:VpcAttachment',
      );
      expect(attachment.inputs).toMatchObject({
        vpcId: 'vpc-hub',
        subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      });
    });

    it('has two customer gateways and two BGP VPN connections of two tunnels each', () => {
      const gateways = bd.ofType('aws:ec2/customerGateway:CustomerGateway');
      expect(gateways.map(g => [g.inputs.ipAddress, g.inputs.bgpAsn])).toEqual([
        ['203.0.113.10', '65010'],
        ['198.51.100.10', '65010'],
      ]);
      const vpns = bd.ofType('aws:ec2/vpnConnection:VpnConnection');
      expect(vpns).toHaveLength(2);
      const insideCidrs = vpns.flatMap(v => [
        v.inputs.tunnel1InsideCidr,
        v.inputs.tunnel2InsideCidr,
      ]);
      expect(insideCidrs).toEqual([
        '169.254.100.0/30',
        '169.254.100.4/30',
        '169.254.101.0/30',
        '169.254.101.4/30',
      ]);
      for (const vpn of vpns) {
        expect(vpn.inputs).toMatchObject({
          staticRoutesOnly: false,
          transitGatewayId: 'bd-dhaka-1-id',
          tunnel1IkeVersions: ['ikev2'],
          tunnel2IkeVersions: ['ikev2'],
          tunnel1DpdTimeoutAction: 'restart',
        });
      }
    });

    it('routes only the site CIDRs from every hub route table', () => {
      const routes = bd
        .ofType('aws:ec2/route:Route')
        .map(r => [
          r.inputs.routeTableId,
          r.inputs.destinationCidrBlock,
          r.inputs.transitGatewayId,
        ]);
      expect(routes).toEqual(
        ['rtb-a', 'rtb-b', 'rtb-c'].flatMap(table =>
          ['10.40.0.0/16', '10.41.0.0/16'].map(cidr => [
            table,
            cidr,
            'bd-dhaka-1-id',
          ]),
        ),
      );
      const associations = bd.ofType(
        'aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation',
      );
      expect(
        associations.map(a => a.inputs.transitGatewayRouteTableId),
      ).toEqual([
        'bd-dhaka-1-hub-id',
        'bd-dhaka-1-site-id',
        'bd-dhaka-1-site-id',
      ]);
    });

    it('keeps the database on the site, in Bangladesh, and stores nothing on AWS', () => {
      const [database] = bd.ofType('kubernetes:apps/v1:StatefulSet');
      expect(
        database.inputs.spec.template.spec.affinity.nodeAffinity
          .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
      ).toEqual([
        {
          matchExpressions: [
            { key: 'ekyc.io/site', operator: 'In', values: ['bd-dhaka-1'] },
            { key: 'ekyc.io/country', operator: 'In', values: ['BD'] },
          ],
        },
      ]);
      expect(
        bd.resources.filter(r =>
          ['aws:s3/bucket:Bucket', 'aws:rds/cluster:Cluster'].includes(r.type),
        ),
      ).toEqual([]);
      expect(bd.outputs).toMatchObject({
        environmentId: 'bd-dhaka-1',
        namespace: 'ekyc-bd-dhaka-1',
        dataLocations: [
          expect.objectContaining({ store: 'database', country: 'BD' }),
          expect.objectContaining({
            store: 'ID images and selfies store',
            country: 'BD',
          }),
        ],
        servesCountries: ['BD'],
        aws: {
          region: 'ap-southeast-1',
          hubEnvironment: 'ap-southeast-1-primary',
          vpnConnectionIds: ['bd-dhaka-1-vpn-0-id', 'bd-dhaka-1-vpn-1-id'],
        },
      });
    });

    it("reports each of its four tunnels' status as AWS gives it, a dead one included", () => {
      const { tunnels } = (bd.outputs as any).aws;
      expect(tunnels).toHaveLength(4);
      expect(tunnels.map((t: any) => [t.vpnConnection, t.status])).toEqual([
        ['bd-dhaka-1-vpn-0-id', 'UP'],
        ['bd-dhaka-1-vpn-0-id', 'DOWN'],
        ['bd-dhaka-1-vpn-1-id', 'UP'],
        ['bd-dhaka-1-vpn-1-id', 'DOWN'],
      ]);
      expect(tunnels[1]).toMatchObject({
        statusMessage: 'IPSEC IS DOWN',
        acceptedRoutes: 0,
      });
    });

    it('passes every ekyc-guardrails policy', async () => {
      expect(await applyPolicies(bd.resources)).toEqual([]);
    });
  });

  it('joins by a Direct Connect transit interface when asked', async () => {
    const dx = await applySite(
      siteSpec({
        type: 'direct-connect',
        directConnect: { connectionId: 'dxcon-ekycbd1', vlan: 410 },
      }),
    );
    const [vif] = dx.ofType(
      'aws:directconnect/transitVirtualInterface:TransitVirtualInterface',
    );
    expect(vif.inputs).toMatchObject({
      connectionId: 'dxcon-ekycbd1',
      vlan: 410,
      bgpAsn: 65010,
      addressFamily: 'ipv4',
    });
    const [association] = dx.ofType(
      'aws:directconnect/gatewayAssociation:GatewayAssociation',
    );
    expect(association.inputs.allowedPrefixes).toEqual(['10.16.0.0/16']);
    expect(dx.ofType('aws:ec2/vpnConnection:VpnConnection')).toEqual([]);
    expect((dx.outputs as any).aws.tunnels).toEqual([]);
  });
});
