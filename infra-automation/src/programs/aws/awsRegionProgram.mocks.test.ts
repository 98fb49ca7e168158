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
    for (const table of privateRoutes) {
      expect(table.inputs.routes).toEqual([
        { cidrBlock: '0.0.0.0/0', natGatewayId: expect.stringMatching(/-id$/) },
      ]);
    }
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

  it('puts WAF on the load balancer and the CDN, and fails the API over with Route 53', () => {
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
    const failover = region.named(
      'aws:route53/record:Record',
      'us-east-1-primary-failover',
    ).inputs;
    expect(failover).toMatchObject({
      name: 'api.ekyc.example.com',
      setIdentifier: 'us-east-1',
      failoverRoutingPolicies: [{ type: 'PRIMARY' }],
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
        apiHostname: 'api.ekyc.example.com',
      },
    });
    expect(region.outputs.aws.network.privateRouteTableIds).toHaveLength(3);
  });

  it('passes every ekyc-guardrails policy', async () => {
    expect(await applyPolicies(region.resources)).toEqual([]);
  });
});
