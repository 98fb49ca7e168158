import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  apiTargetPort,
  auroraInstanceClass,
  auroraInstances,
  availabilityZoneCount,
  ClusterAutoscaler,
  Database,
  databasePort,
  Edge,
  generalInstanceType,
  generalNodes,
  GpuCluster,
  LoadBalancerController,
  Network,
  ObjectStore,
} from '../../components/aws';
import {
  awsGpuInstanceTypeFor,
  ownClusterName,
  RegionSpec,
  siteNodeLabels,
} from '@internal/ekyc-domain';
import { ClusterApiAccess } from './awsPreflight';
import {
  dataLocations,
  environmentOnCluster,
  regionPlacement,
  WorkloadImages,
} from '../kubernetes';
import { regionVpcCidrs } from './networkPlan';
import { environmentTags } from './tagsOf';

export interface AwsRegionOptions {
  /** The Route 53 hosted zone the API's names go in. */
  dnsZone: { id: string; name: string };
  kubernetesVersion: string;
  images?: Partial<WorkloadImages>;
  /** Days images of ID documents and selfies are kept. */
  retentionDays: { documents: number; selfies: number };
  /** How the runner reaches the cluster's API. */
  clusterApi: ClusterApiAccess;
  /**
   * The role the portal assumes to read the cluster (its Kubernetes tab, the dashboard):
   * given view access here, and named in the cluster's catalog entity.
   */
  portalReaderRoleArn?: string;
}

/**
 * Names every region's nodes reach besides its spec's allow-list: the registries of the
 * add-ons' images (the load balancer controller's on public.ecr.aws, the autoscaler's on
 * registry.k8s.io, which serves from pkg.dev). A region that mirrors them into its own
 * ECR can drop these.
 */
export const platformEgressDomains = [
  'public.ecr.aws',
  'registry.k8s.io',
  '.pkg.dev',
];

/** View access to the cluster for the role the portal reads it with. */
function portalReaderAccess(
  name: string,
  args: {
    region: string;
    clusterName: pulumi.Input<string>;
    principalArn: string;
    tags: Record<string, string>;
    provider: aws.Provider;
  },
): aws.eks.AccessPolicyAssociation {
  const { provider, tags, ...reader } = args;
  const entry = new aws.eks.AccessEntry(
    `${name}-portal-reader`,
    { ...reader, type: 'STANDARD', tags },
    { provider },
  );
  return new aws.eks.AccessPolicyAssociation(
    `${name}-portal-reader`,
    {
      ...reader,
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
      accessScope: { type: 'cluster' },
    },
    { provider, dependsOn: [entry] },
  );
}

/** The Aurora global database a region's primary creates and its replicas join. */
export function globalDatabaseId(spec: RegionSpec): string {
  const source = spec.database.replicaOf;
  if (spec.database.role === 'replica' && source?.type === 'cloud-region') {
    return `ekyc-global-${source.region}`;
  }
  return `ekyc-global-${spec.region}`;
}

/** kubeconfig for the EKS cluster, authenticating with the caller's AWS identity. */
function kubeconfigOf(cluster: aws.eks.Cluster, region: string) {
  return pulumi
    .all([cluster.name, cluster.endpoint, cluster.certificateAuthority.data])
    .apply(([name, server, ca]) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name, cluster: { server, 'certificate-authority-data': ca } },
        ],
        users: [
          {
            name,
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: 'aws',
                args: [
                  'eks',
                  'get-token',
                  '--cluster-name',
                  name,
                  '--region',
                  region,
                ],
              },
            },
          },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
      }),
    );
}

/**
 * A region environment on AWS: VPC over three zones, EKS with the GPU pool, Aurora
 * (primary or secondary of the global database), the image store, and the edge; the
 * eKYC workloads on the cluster as on any other target. Same stack outputs as the
 * kubernetes target, plus what sovereign sites and operators need from AWS.
 */
export function awsRegionProgram(
  spec: RegionSpec,
  options: AwsRegionOptions,
): pulumi.automation.PulumiFn {
  return async () => {
    const region = spec.region;
    const tags = environmentTags(spec);
    const provider = new aws.Provider('aws', {
      region,
      defaultTags: { tags },
    });
    const opts = { providers: [provider] };
    const zones = await aws.getAvailabilityZones(
      { state: 'available', region },
      { provider },
    );
    const placement = regionPlacement(spec);
    const holdsDataOf = dataLocations(spec)[0].holdsDataOf;
    const pool = spec.gpuPool;
    const instance = awsGpuInstanceTypeFor(pool.gpuProduct, pool.gpusPerNode);
    if ('error' in instance) throw new Error(instance.error);

    const cidrBlock = regionVpcCidrs[region];
    const network = new Network(
      spec.id,
      {
        region,
        cidrBlock,
        availabilityZones: zones.names.slice(0, availabilityZoneCount),
        flowLogRetentionDays: 90,
        interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'sts'],
        egressAllowedDomains: [
          ...platformEgressDomains,
          ...spec.egress.allowedDomains,
        ],
        tags,
      },
      opts,
    );
    const privateSubnetIds = network.privateSubnets.map(subnet => subnet.id);

    const cluster = new GpuCluster(
      spec.id,
      {
        region,
        kubernetesVersion: options.kubernetesVersion,
        privateSubnetIds,
        gpuPool: {
          product: pool.gpuProduct,
          instanceType: instance.instanceType,
          gpusPerNode: pool.gpusPerNode,
          minNodes: pool.minNodes,
          maxNodes: pool.maxNodes,
          spotShare: pool.spotShare,
        },
        general: {
          instanceType: generalInstanceType,
          minNodes: generalNodes.min,
          maxNodes: generalNodes.max,
        },
        nodeLabels: siteNodeLabels(spec),
        publicApiCidrs:
          options.clusterApi.access === 'allowed-cidrs'
            ? options.clusterApi.allowedCidrs
            : [],
        tags,
      },
      opts,
    );

    const database = new Database(
      spec.id,
      {
        region,
        role: spec.database.role,
        globalClusterIdentifier: globalDatabaseId(spec),
        vpcId: network.vpc.id,
        subnetIds: privateSubnetIds,
        clientSecurityGroupIds: [cluster.clusterSecurityGroupId],
        instanceClass: auroraInstanceClass,
        instances: auroraInstances,
        masterPassword:
          spec.database.role === 'primary'
            ? new pulumi.Config('ekyc').requireSecret('databasePassword')
            : undefined,
        holdsDataOf,
        backupRetentionDays: spec.database.backupRetentionDays,
        tags,
      },
      opts,
    );

    const store = new ObjectStore(
      spec.id,
      {
        region,
        holdsDataOf,
        replicaRegions: spec.database.replicateTo.flatMap(location =>
          location.type === 'cloud-region' ? [location.region] : [],
        ),
        retentionDays: options.retentionDays,
        tags,
      },
      opts,
    );

    const edge = new Edge(
      spec.id,
      {
        region,
        vpcId: network.vpc.id,
        vpcCidr: cidrBlock,
        publicSubnetIds: network.publicSubnets.map(subnet => subnet.id),
        dnsZone: options.dnsZone,
        waf: spec.edge.waf,
        cdn: spec.edge.cdn,
        tags,
      },
      opts,
    );

    const clusterProvider = new k8s.Provider('cluster', {
      kubeconfig: kubeconfigOf(cluster.cluster, region),
    });
    const { outputs, workloads, namespace } = environmentOnCluster(
      spec,
      placement,
      {
        provider: clusterProvider,
        images: options.images,
        gpuPool: {
          product: pool.gpuProduct,
          nodes: pool.minNodes,
          gpus: pool.minNodes * pool.gpusPerNode,
          allocatableGpus: pool.minNodes * pool.gpusPerNode,
        },
        database: {
          external: {
            host: database.cluster.endpoint,
            port: databasePort,
            endpoint: database.endpoint,
          },
        },
        dependsOn: cluster.nodeGroups,
      },
    );
    const portalReader =
      options.portalReaderRoleArn &&
      portalReaderAccess(spec.id, {
        region,
        clusterName: cluster.cluster.name,
        principalArn: options.portalReaderRoleArn,
        tags,
        provider,
      });
    // The API pods become the load balancer's targets; the node groups scale.
    const addonOpts = { dependsOn: cluster.nodeGroups };
    const loadBalancerController = new LoadBalancerController(
      spec.id,
      {
        region,
        clusterName: cluster.cluster.name,
        vpcId: network.vpc.id,
        oidcProvider: cluster.oidcProvider,
        targetGroupArn: edge.targetGroup.arn,
        loadBalancerSecurityGroupId: edge.securityGroup.id,
        service: {
          namespace,
          name: workloads.apiService.metadata.name,
          port: apiTargetPort,
        },
        tags,
        kubernetes: clusterProvider,
        dependsOn: [workloads.apiService],
      },
      { ...opts, ...addonOpts },
    );
    const clusterAutoscaler = new ClusterAutoscaler(
      spec.id,
      {
        region,
        clusterName: cluster.cluster.name,
        role: cluster.autoscalerRole,
        kubernetes: clusterProvider,
      },
      { ...opts, ...addonOpts },
    );

    return {
      ...outputs,
      // What the portal registers the cluster with (ownClusterEntityOf).
      cluster: {
        name: ownClusterName(spec.id),
        endpoint: cluster.cluster.endpoint,
        certificateAuthority: cluster.cluster.certificateAuthority.data,
        authProvider: 'aws',
        awsClusterId: cluster.cluster.name,
        ...(options.portalReaderRoleArn
          ? { awsAssumeRole: options.portalReaderRoleArn }
          : {}),
      },
      aws: {
        region,
        network: {
          vpcId: network.vpc.id,
          cidrBlock,
          privateSubnetIds,
          privateRouteTableIds: network.privateRouteTables.map(t => t.id),
        },
        clusterName: cluster.cluster.name,
        apiHostname: edge.regionalHostname,
        // What the topology's routing points a country's users at.
        edge: {
          regionalHostname: edge.regionalHostname,
          loadBalancerArn: edge.loadBalancer.arn,
          loadBalancerDnsName: edge.loadBalancer.dnsName,
          loadBalancerZoneId: edge.loadBalancer.zoneId,
          healthCheckId: edge.healthCheck.id,
        },
        imageBucket: store.primary.bucket.id,
        // What ekyc:environment:promote makes the writer of the global database.
        database: {
          role: spec.database.role,
          globalClusterIdentifier: globalDatabaseId(spec),
          clusterArn: database.cluster.arn,
        },
        frontEnd: edge.distribution?.domainName,
        // What runs on the cluster besides the workloads, as installed.
        addons: {
          loadBalancerController: loadBalancerController.release.version,
          clusterAutoscaler: clusterAutoscaler.release.version,
        },
        portalReader: portalReader ? portalReader.principalArn : undefined,
      },
    };
  };
}
