import { environmentEntityOf, ownClusterEntityOf } from '@internal/ekyc-domain';
import { runAwsRegion } from '../../__testUtils__/awsPrograms';
import { awsRegionSpec } from '../../__testUtils__/awsSpecs';
import { applyPolicies } from '../../__testUtils__/policyHarness';

// Sized from the measured time with a wide margin (the whole region on Pulumi's mocks, then the policy pack: 27 s for the file with the two cores shared with a build).
jest.setTimeout(120_000);

const usEast = awsRegionSpec({
  id: 'us-east-1-primary',
  region: 'us-east-1',
  servesCountries: ['US'],
  database: {
    engine: 'postgresql',
    storageGi: 500,
    role: 'primary',
    replicateTo: [{ type: 'cloud-region', region: 'us-west-2' }],
  },
  costCenter: 'EKYC-NA-01',
  egress: { allowedDomains: ['api.nid-registry.example.gov'] },
});

describe('awsRegionProgram with Pulumi mocks (AWS cannot be reached from here)', () => {
  let region: Awaited<ReturnType<typeof runAwsRegion>>;
  beforeAll(async () => {
    region = await runAwsRegion(usEast);
  });

  it('spreads private subnets, NAT gateways and flow logs over three zones', () => {
    const subnets = region.ofType('aws:ec2/subnet:Subnet');
    const privateSubnets = subnets.filter(s => s.name.endsWith('-private'));
    expect(privateSubnets.map(s => s.inputs.availabilityZone).sort()).toEqual([
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
    ]);
    expect(privateSubnets.map(s => s.inputs.cidrBlock)).toEqual([
      '10.32.0.0/20',
      '10.32.16.0/20',
      '10.32.32.0/20',
    ]);
    expect(subnets.every(s => s.inputs.mapPublicIpOnLaunch === false)).toBe(
      true,
    );
    expect(region.ofType('aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    const privateRoutes = region
      .ofType('aws:ec2/routeTable:RouteTable')
      .filter(t => t.name.endsWith('-private'));
    expect(privateRoutes).toHaveLength(3);
    // Out through the zone's firewall endpoint, then its NAT gateway.
    expect(privateRoutes.map(table => table.inputs.routes)).toEqual(
      ['a', 'b', 'c'].map(zone => [
        {
          cidrBlock: '0.0.0.0/0',
          vpcEndpointId: `vpce-firewall-us-east-1${zone}`,
        },
      ]),
    );
    const firewallRoutes = region
      .ofType('aws:ec2/routeTable:RouteTable')
      .filter(t => t.name.endsWith('-firewall'));
    expect(firewallRoutes.map(table => table.inputs.routes)).toEqual(
      [0, 1, 2].map(i => [
        { cidrBlock: '0.0.0.0/0', natGatewayId: `us-east-1-primary-${i}-id` },
      ]),
    );
    expect(region.ofType('aws:ec2/flowLog:FlowLog')[0].inputs.trafficType).toBe(
      'ALL',
    );
    expect(
      region
        .ofType('aws:ec2/vpcEndpoint:VpcEndpoint')
        .map(e => `${e.inputs.serviceName} ${e.inputs.vpcEndpointType}`)
        .sort(),
    ).toEqual([
      'com.amazonaws.us-east-1.ecr.api Interface',
      'com.amazonaws.us-east-1.ecr.dkr Interface',
      'com.amazonaws.us-east-1.s3 Gateway',
      'com.amazonaws.us-east-1.sts Interface',
    ]);
  });

  it('lets out only the allowed names, through AWS Network Firewall, and brings the answers back through it', () => {
    const [ruleGroup] = region.ofType(
      'aws:networkfirewall/ruleGroup:RuleGroup',
    );
    expect(ruleGroup.inputs.type).toBe('STATEFUL');
    expect(ruleGroup.inputs.ruleGroup.rulesSource.rulesSourceList).toEqual({
      generatedRulesType: 'ALLOWLIST',
      targetTypes: ['TLS_SNI', 'HTTP_HOST'],
      targets: [
        'public.ecr.aws',
        'registry.k8s.io',
        '.pkg.dev',
        'api.nid-registry.example.gov',
      ],
    });
    const [policy] = region.ofType(
      'aws:networkfirewall/firewallPolicy:FirewallPolicy',
    );
    expect(policy.inputs.firewallPolicy.statefulDefaultActions).toEqual([
      'aws:drop_established',
      'aws:alert_established',
    ]);
    const [firewall] = region.ofType('aws:networkfirewall/firewall:Firewall');
    const firewallSubnets = region
      .ofType('aws:ec2/subnet:Subnet')
      .filter(s => s.name.endsWith('-firewall'));
    expect(firewallSubnets.map(s => s.inputs.cidrBlock)).toEqual([
      '10.32.250.0/28',
      '10.32.250.16/28',
      '10.32.250.32/28',
    ]);
    expect(firewall.inputs.subnetMappings).toEqual(
      firewallSubnets.map(s => ({ subnetId: s.id })),
    );
    expect(
      region.ofType(
        'aws:networkfirewall/loggingConfiguration:LoggingConfiguration',
      ),
    ).toHaveLength(1);
    const publicRoutes = region.named(
      'aws:ec2/routeTable:RouteTable',
      'us-east-1-primary-public',
    );
    expect(publicRoutes.inputs.routes).toEqual([
      { cidrBlock: '0.0.0.0/0', gatewayId: 'us-east-1-primary-id' },
      { cidrBlock: '10.32.0.0/20', vpcEndpointId: 'vpce-firewall-us-east-1a' },
      { cidrBlock: '10.32.16.0/20', vpcEndpointId: 'vpce-firewall-us-east-1b' },
      { cidrBlock: '10.32.32.0/20', vpcEndpointId: 'vpce-firewall-us-east-1c' },
    ]);
  });

  it('puts the NID API pods behind the load balancer with the AWS Load Balancer Controller, on a role that may touch only its target group', () => {
    const [controller] = region
      .ofType('kubernetes:helm.sh/v3:Release')
      .filter(r => r.inputs.chart === 'aws-load-balancer-controller');
    expect(controller.inputs).toMatchObject({
      namespace: 'kube-system',
      version: '1.13.4',
      repositoryOpts: { repo: 'https://aws.github.io/eks-charts' },
      values: {
        clusterName: 'us-east-1-primary',
        region: 'us-east-1',
        vpcId: 'us-east-1-primary-id',
        serviceAccount: {
          name: 'aws-load-balancer-controller',
          annotations: {
            'eks.amazonaws.com/role-arn': expect.stringContaining(
              'us-east-1-primary-lb-controller',
            ),
          },
        },
      },
    });
    const trust = JSON.parse(
      region.named('aws:iam/role:Role', 'us-east-1-primary-lb-controller')
        .inputs.assumeRolePolicy,
    );
    expect(trust.Statement[0].Condition.StringEquals).toMatchObject({
      'oidc.eks.mock/id/us-east-1-primary:sub':
        'system:serviceaccount:kube-system:aws-load-balancer-controller',
    });
    const policy = JSON.parse(
      region.named(
        'aws:iam/rolePolicy:RolePolicy',
        'us-east-1-primary-lb-controller',
      ).inputs.policy,
    );
    const targetGroup = region.ofType('aws:lb/targetGroup:TargetGroup')[0];
    const registering = policy.Statement.find((s: any) =>
      s.Action.includes('elasticloadbalancing:RegisterTargets'),
    );
    expect(registering.Resource).toBe(targetGroup.state.arn);
    expect(
      policy.Statement.flatMap((s: any) => s.Action).filter((a: string) =>
        /Create|Delete/.test(a),
      ),
    ).toEqual([]);

    const [binding] = region.ofType(
      'kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding',
    );
    const apiService = region
      .ofType('kubernetes:core/v1:Service')
      .find(s => s.inputs.metadata.name === 'nid-api')!;
    expect(binding.inputs.spec).toEqual({
      serviceRef: { name: apiService.inputs.metadata.name, port: 8080 },
      targetGroupARN: targetGroup.state.arn,
      targetType: 'ip',
      networking: {
        ingress: [
          {
            from: [
              {
                securityGroup: {
                  groupID: region.named(
                    'aws:ec2/securityGroup:SecurityGroup',
                    'us-east-1-primary-alb',
                  ).id,
                },
              },
            ],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
      },
    });
    expect(binding.inputs.metadata.namespace).toBe('ekyc-us-east-1-primary');
  });

  it('runs the cluster autoscaler on the IRSA role made for it', () => {
    const [autoscaler] = region
      .ofType('kubernetes:helm.sh/v3:Release')
      .filter(r => r.inputs.chart === 'cluster-autoscaler');
    expect(autoscaler.inputs).toMatchObject({
      namespace: 'kube-system',
      values: {
        cloudProvider: 'aws',
        awsRegion: 'us-east-1',
        autoDiscovery: { clusterName: 'us-east-1-primary' },
        rbac: {
          serviceAccount: {
            name: 'cluster-autoscaler',
            annotations: {
              'eks.amazonaws.com/role-arn': region.named(
                'aws:iam/role:Role',
                'us-east-1-primary-cluster-autoscaler',
              ).state.arn,
            },
          },
        },
      },
    });
  });

  it('labels every node as the dashboard keys a region: ekyc.io/site is the region', () => {
    for (const group of region.ofType('aws:eks/nodeGroup:NodeGroup')) {
      expect(group.inputs.labels).toMatchObject({
        'ekyc.io/site': 'us-east-1',
        'ekyc.io/site-kind': 'region',
        'ekyc.io/country': 'US',
      });
    }
  });

  it('reports its cluster, which the portal registers as a catalog entity the kubernetes plugin reads', () => {
    expect(region.outputs.cluster).toEqual({
      name: 'us-east-1-primary-cluster',
      endpoint: 'https://us-east-1-primary.eks.mock',
      certificateAuthority: 'bW9jaw==',
      authProvider: 'aws',
      awsClusterId: 'us-east-1-primary',
      awsAssumeRole: 'arn:aws:iam::123456789012:role/ekyc-portal-reader',
    });
    // The role the portal reads it with may view it, and nothing more.
    const [association] = region.ofType(
      'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
    );
    expect(association.inputs).toMatchObject({
      principalArn: 'arn:aws:iam::123456789012:role/ekyc-portal-reader',
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
      accessScope: { type: 'cluster' },
    });
    const entity = ownClusterEntityOf(usEast, region.outputs)!;
    expect(entity.metadata).toMatchObject({
      name: 'us-east-1-primary-cluster',
      namespace: 'ekyc-environments',
      annotations: {
        'kubernetes.io/api-server': 'https://us-east-1-primary.eks.mock',
        'kubernetes.io/api-server-certificate-authority': 'bW9jaw==',
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/x-k8s-aws-id': 'us-east-1-primary',
        'kubernetes.io/aws-assume-role':
          'arn:aws:iam::123456789012:role/ekyc-portal-reader',
        'ekyc.io/country': 'US',
        'ekyc.io/region': 'us-east-1',
      },
    });
    expect(entity.spec.type).toBe('kubernetes-cluster');
    // The environment's entity points the Kubernetes tab at it, and depends on it.
    const environment = environmentEntityOf(usEast, region.outputs);
    expect(
      environment.metadata.annotations['backstage.io/kubernetes-cluster'],
    ).toBe('us-east-1-primary-cluster');
    expect(environment.spec).toMatchObject({
      dependsOn: ['resource:ekyc-environments/us-east-1-primary-cluster'],
    });
  });

  it('runs a private EKS cluster with tainted GPU node groups split by spot share', () => {
    const cluster = region.ofType('aws:eks/cluster:Cluster')[0].inputs;
    expect(cluster.vpcConfig.endpointPublicAccess).toBe(false);
    expect(cluster.encryptionConfig.resources).toEqual(['secrets']);
    const groups = Object.fromEntries(
      region.ofType('aws:eks/nodeGroup:NodeGroup').map(g => [g.name, g.inputs]),
    );
    const onDemand = groups['us-east-1-primary-gpu-on-demand'];
    const spot = groups['us-east-1-primary-gpu-spot'];
    for (const gpu of [onDemand, spot]) {
      expect(gpu.amiType).toBe('BOTTLEROCKET_x86_64_NVIDIA');
      expect(gpu.instanceTypes).toEqual(['g6.48xlarge']);
      expect(gpu.taints).toEqual([
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
      ]);
      expect(gpu.labels).toMatchObject({
        'nvidia.com/gpu.product': 'NVIDIA-L4',
        'nvidia.com/gpu.count': '8',
        'ekyc.io/country': 'US',
      });
    }
    expect(onDemand.capacityType).toBe('ON_DEMAND');
    expect(spot.capacityType).toBe('SPOT');
    expect([onDemand.scalingConfig, spot.scalingConfig]).toEqual([
      { minSize: 1, maxSize: 2, desiredSize: 1 },
      { minSize: 1, maxSize: 2, desiredSize: 1 },
    ]);
    expect(groups['us-east-1-primary-general'].taints).toBeUndefined();
    const irsa = JSON.parse(
      region.named('aws:iam/role:Role', 'us-east-1-primary-cluster-autoscaler')
        .inputs.assumeRolePolicy,
    );
    expect(irsa.Statement[0].Condition.StringEquals).toEqual({
      'oidc.eks.mock/id/us-east-1-primary:sub':
        'system:serviceaccount:kube-system:cluster-autoscaler',
      'oidc.eks.mock/id/us-east-1-primary:aud': 'sts.amazonaws.com',
    });
  });

  it('makes Aurora the encrypted, private primary of a global database', () => {
    const [global] = region.ofType('aws:rds/globalCluster:GlobalCluster');
    expect(global.inputs).toMatchObject({
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      storageEncrypted: true,
    });
    const cluster = region.ofType('aws:rds/cluster:Cluster')[0].inputs;
    expect(cluster).toMatchObject({
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      storageEncrypted: true,
      kmsKeyId: expect.stringContaining('arn:aws'),
      deletionProtection: true,
      backupRetentionPeriod: 14,
      tags: expect.objectContaining({ 'ekyc:holds-data-of': 'US' }),
    });
    const instances = region.ofType('aws:rds/clusterInstance:ClusterInstance');
    expect(instances.map(i => i.inputs.publiclyAccessible)).toEqual([
      false,
      false,
    ]);
    const access = region.named(
      'aws:ec2/securityGroup:SecurityGroup',
      'us-east-1-primary-database',
    ).inputs.ingress;
    expect(access).toEqual([
      expect.objectContaining({
        fromPort: 5432,
        securityGroups: ['sg-us-east-1-primary'],
      }),
    ]);
  });

  it('keeps ID images private and encrypted, replicated only to the allowed region', () => {
    const buckets = region.ofType('aws:s3/bucket:Bucket');
    expect(buckets.map(b => b.inputs.region).sort()).toEqual([
      'us-east-1',
      'us-east-1',
      'us-west-2',
    ]);
    for (const block of region.ofType(
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
    )) {
      expect(block.inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    const [replication] = region.ofType(
      'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
    );
    const replica = region.named(
      'aws:s3/bucket:Bucket',
      'us-east-1-primary-us-west-2',
    );
    expect(replication.inputs.rules).toEqual([
      expect.objectContaining({
        id: 'to-us-west-2',
        destination: expect.objectContaining({ bucket: replica.state.arn }),
      }),
    ]);
    expect(
      region
        .ofType(
          'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
        )
        .map(
          c =>
            c.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm,
        ),
    ).toEqual(['aws:kms', 'aws:kms', 'aws:kms']);
    const lifecycle = region.ofType(
      'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
    )[0].inputs.rules;
    expect(lifecycle.map((r: any) => [r.id, r.expiration?.days])).toEqual([
      ['expire-documents', 365],
      ['expire-selfies', 30],
      ['abort-incomplete-uploads', undefined],
    ]);
  });

  it("puts WAF on the load balancer and the CDN, and gives the region its own health-checked name for the topology's routing", () => {
    const [association] = region.ofType(
      'aws:wafv2/webAclAssociation:WebAclAssociation',
    );
    const [lb] = region.ofType('aws:lb/loadBalancer:LoadBalancer');
    expect(association.inputs.resourceArn).toBe(lb.state.arn);
    const regional = region.named(
      'aws:wafv2/webAcl:WebAcl',
      'us-east-1-primary',
    );
    expect(
      regional.inputs.rules.map(
        (r: any) => r.statement.managedRuleGroupStatement?.name ?? r.name,
      ),
    ).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
      'rate-per-ip',
    ]);
    const cdnAcl = region.named(
      'aws:wafv2/webAcl:WebAcl',
      'us-east-1-primary-cdn',
    );
    expect(cdnAcl.inputs).toMatchObject({
      scope: 'CLOUDFRONT',
      region: 'us-east-1',
    });
    const [distribution] = region.ofType(
      'aws:cloudfront/distribution:Distribution',
    );
    expect(distribution.inputs.webAclId).toBe(cdnAcl.state.arn);
    // The API's global name is the topology's to route, not any one region's.
    expect(
      region
        .ofType('aws:route53/record:Record')
        .filter(r => r.inputs.name === 'api.ekyc.example.com'),
    ).toEqual([]);
    expect(
      region.named('aws:route53/record:Record', 'us-east-1-primary-regional')
        .inputs,
    ).toMatchObject({
      name: 'api-us-east-1.ekyc.example.com',
      aliases: [{ evaluateTargetHealth: true }],
    });
    expect(
      region.named('aws:route53/healthCheck:HealthCheck', 'us-east-1-primary')
        .inputs,
    ).toMatchObject({
      fqdn: 'api-us-east-1.ekyc.example.com',
      resourcePath: '/healthz',
    });
    expect(region.outputs.aws.edge).toEqual({
      regionalHostname: 'api-us-east-1.ekyc.example.com',
      loadBalancerArn: lb.state.arn,
      loadBalancerDnsName: 'us-east-1-primary.elb.mock',
      loadBalancerZoneId: 'ZELBMOCK',
      healthCheckId: 'us-east-1-primary-id',
    });
    const edgeGroup = region.named(
      'aws:ec2/securityGroup:SecurityGroup',
      'us-east-1-primary-alb',
    ).inputs;
    expect(edgeGroup.ingress).toEqual([
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ['0.0.0.0/0'],
      },
    ]);
  });

  it('reports the same stack outputs as the kubernetes target', () => {
    expect(region.outputs).toMatchObject({
      environmentId: 'us-east-1-primary',
      kind: 'region',
      namespace: 'ekyc-us-east-1-primary',
      apiEndpoint: expect.stringContaining(
        '.ekyc-us-east-1-primary.svc.cluster.local:8080',
      ),
      gpuPool: {
        product: 'NVIDIA-L4',
        nodes: 2,
        gpus: 16,
        workers: { min: 16, max: 32 },
      },
      database: {
        endpoint: 'us-east-1-primary.cluster.rds.mock:5432',
        engine: 'postgresql',
        role: 'primary',
      },
      dataLocations: [
        expect.objectContaining({
          store: 'database',
          country: 'US',
          holdsDataOf: ['US'],
        }),
        expect.objectContaining({ store: 'ID images and selfies store' }),
        expect.objectContaining({ store: 'database replica', country: 'US' }),
      ],
      servesCountries: ['US'],
      aws: {
        region: 'us-east-1',
        network: { cidrBlock: '10.32.0.0/16' },
        apiHostname: 'api-us-east-1.ekyc.example.com',
        database: {
          role: 'primary',
          globalClusterIdentifier: 'ekyc-global-us-east-1',
        },
      },
    });
    expect(region.outputs.aws.network.privateRouteTableIds).toHaveLength(3);
  });

  it('passes every ekyc-guardrails policy', async () => {
    expect(await applyPolicies(region.resources)).toEqual([]);
  });
});

describe('an Aurora global secondary on Pulumi mocks', () => {
  const usWest = awsRegionSpec({
    id: 'us-west-2-secondary',
    region: 'us-west-2',
    role: 'secondary',
    servesCountries: ['US'],
    database: {
      engine: 'postgresql',
      storageGi: 500,
      role: 'replica',
      replicaOf: { type: 'cloud-region', region: 'us-east-1' },
      primary: { environment: 'us-east-1-primary', servesCountries: ['US'] },
    },
    costCenter: 'EKYC-NA-01',
  });
  let secondary: Awaited<ReturnType<typeof runAwsRegion>>;
  beforeAll(async () => {
    secondary = await runAwsRegion(usWest);
  });

  it("joins its primary's global database without creating one or holding its password", () => {
    expect(
      secondary.ofType('aws:rds/globalCluster:GlobalCluster'),
    ).toHaveLength(0);
    const [cluster] = secondary.ofType('aws:rds/cluster:Cluster');
    expect(cluster.inputs).toMatchObject({
      region: 'us-west-2',
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      storageEncrypted: true,
      tags: expect.objectContaining({ 'ekyc:holds-data-of': 'US' }),
    });
    expect(cluster.inputs).not.toHaveProperty('masterPassword');
    expect(secondary.outputs.aws.database).toEqual({
      role: 'replica',
      globalClusterIdentifier: 'ekyc-global-us-east-1',
      clusterArn: expect.stringContaining('us-west-2-secondary'),
    });
  });

  it('passes every ekyc-guardrails policy', async () => {
    expect(await applyPolicies(secondary.resources)).toEqual([]);
  });
});
