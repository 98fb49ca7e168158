import * as pulumi from '@pulumi/pulumi';

/** A resource the program registered, as Pulumi's mocks saw it. */
export interface RecordedResource {
  type: string;
  name: string;
  urn: string;
  id: string;
  inputs: Record<string, any>;
  /** Inputs plus what AWS or Kubernetes would have computed. */
  state: Record<string, any>;
  /** URN of its provider, when it has one. */
  providerUrn?: string;
}

/** Attributes AWS or Kubernetes compute that the programs read. */
function computed(
  type: string,
  name: string,
  inputs: Record<string, any>,
  recorded: RecordedResource[],
) {
  const arn = `arn:aws:mock:::${type.split(':')[1]}/${name}`;
  const common = { arn };
  switch (type) {
    case 'aws:eks/cluster:Cluster':
      return {
        ...common,
        name: inputs.name ?? name,
        endpoint: `https://${name}.eks.mock`,
        certificateAuthority: { data: 'bW9jaw==' },
        identities: [
          { oidcs: [{ issuer: `https://oidc.eks.mock/id/${name}` }] },
        ],
        vpcConfig: {
          ...inputs.vpcConfig,
          clusterSecurityGroupId: `sg-${name}`,
        },
      };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider':
      return { ...common, url: inputs.url };
    case 'aws:acm/certificate:Certificate':
      return {
        ...common,
        domainValidationOptions: [
          inputs.domainName,
          ...(inputs.subjectAlternativeNames ?? []),
        ].map((domain: string) => ({
          domainName: domain,
          resourceRecordName: `_check.${domain}`,
          resourceRecordType: 'CNAME',
          resourceRecordValue: `_check.acm.mock`,
        })),
      };
    case 'aws:lb/loadBalancer:LoadBalancer':
      return { ...common, dnsName: `${name}.elb.mock`, zoneId: 'ZELBMOCK' };
    case 'aws:rds/cluster:Cluster':
      return { ...common, endpoint: `${name}.cluster.rds.mock` };
    case 'aws:s3/bucket:Bucket':
      return {
        ...common,
        bucket: `${inputs.bucketPrefix ?? name}mock`,
        bucketRegionalDomainName: `${name}.s3.mock`,
      };
    case 'aws:ec2/vpnConnection:VpnConnection':
      // AWS's two tunnels, the second down, as a fresh connection's often are.
      return {
        ...common,
        transitGatewayAttachmentId: `tgw-attach-${name}`,
        vgwTelemetries: ['UP', 'DOWN'].map((status, tunnel) => ({
          outsideIpAddress: `192.0.2.${tunnel + 1}`,
          status,
          statusMessage: status === 'UP' ? '2 BGP ROUTES' : 'IPSEC IS DOWN',
          lastStatusChange: '2026-12-06T00:00:00Z',
          acceptedRouteCount: status === 'UP' ? 2 : 0,
          certificateArn: '',
        })),
      };
    case 'aws:route53/record:Record':
      return { ...common, fqdn: inputs.name };
    case 'aws:cloudfront/distribution:Distribution':
      return { ...common, domainName: `${name}.cloudfront.mock` };
    case 'aws:networkfirewall/firewall:Firewall':
      // An endpoint in the zone of each mapped subnet, as AWS reports them.
      return {
        ...common,
        firewallStatuses: [
          {
            syncStates: inputs.subnetMappings.map(
              ({ subnetId }: { subnetId: string }) => {
                const subnet = recorded.find(r => r.id === subnetId);
                const zone = subnet?.inputs.availabilityZone;
                return {
                  availabilityZone: zone,
                  attachments: [
                    { endpointId: `vpce-firewall-${zone}`, subnetId },
                  ],
                };
              },
            ),
          },
        ],
      };
    default:
      return type.startsWith('kubernetes:')
        ? {
            metadata: {
              ...inputs.metadata,
              name: inputs.metadata?.name ?? `${name}-mock`,
            },
          }
        : common;
  }
}

/**
 * Runs Pulumi programs against Pulumi's own mocks and records every resource. Only the
 * cloud is mocked: the components, the engine's SDK and the policies run as they are.
 */
export function recordResources(
  stack: string,
  stackOutputs: Record<string, Record<string, unknown>> = {},
) {
  const resources: RecordedResource[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = `${args.name}-id`;
        const urn = `urn:pulumi:${stack}::ekyc-environments::${args.type}::${args.name}`;
        const state =
          args.type === 'pulumi:pulumi:StackReference'
            ? {
                name: args.inputs.name,
                outputs: stackOutputs[args.inputs.name] ?? {},
                secretOutputNames: [],
              }
            : {
                ...args.inputs,
                ...computed(args.type, args.name, args.inputs, resources),
              };
        resources.push({
          type: args.type,
          name: args.name,
          urn,
          id,
          inputs: args.inputs,
          state,
          providerUrn: args.provider?.split('::').slice(0, -1).join('::'),
        });
        return { id, state };
      },
      call(args) {
        switch (args.token) {
          case 'aws:index/getAvailabilityZones:getAvailabilityZones':
            return {
              names: ['a', 'b', 'c', 'd'].map(z => `${args.inputs.region}${z}`),
            };
          case 'aws:ec2transitgateway/getDirectConnectGatewayAttachment:getDirectConnectGatewayAttachment':
            return { id: 'tgw-attach-dx' };
          default:
            return args.inputs;
        }
      },
    },
    'ekyc-environments',
    stack,
    false,
  );
  return {
    resources,
    /** Runs the program and waits until every registration has been seen. */
    async run(program: pulumi.automation.PulumiFn) {
      const outputs = await program();
      const plain = await new Promise<Record<string, any>>(resolve =>
        pulumi.output(outputs ?? {}).apply(value => resolve(value as any)),
      );
      let seen = -1;
      while (seen !== resources.length) {
        seen = resources.length;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      return plain;
    },
    ofType(type: string) {
      return resources.filter(resource => resource.type === type);
    },
    named(type: string, name: string) {
      const found = resources.find(r => r.type === type && r.name === name);
      if (!found) throw new Error(`no ${type} named ${name}`);
      return found;
    },
  };
}
