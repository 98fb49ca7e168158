import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey } from './kmsKey';
import { assumedBy, assumedByServiceAccount } from './iamDocuments';
import { gpuResource, nodeLabels } from '@internal/ekyc-domain';

export interface GpuPoolArgs {
  /** `nvidia.com/gpu.product` of the nodes, as the sandbox and on-prem sites label it. */
  product: string;
  instanceType: string;
  gpusPerNode: number;
  minNodes: number;
  maxNodes: number;
  /** Share of the pool on spot capacity, 0 to 1; the rest is on-demand. */
  spotShare: number;
}

export interface GpuClusterArgs {
  region: string;
  kubernetesVersion: string;
  privateSubnetIds: pulumi.Input<string>[];
  gpuPool: GpuPoolArgs;
  general: { instanceType: string; minNodes: number; maxNodes: number };
  /** Labels every node carries (site, country, region), as on the sandbox's nodes. */
  nodeLabels: Record<string, string>;
  /**
   * Addresses the API endpoint answers on the internet; none keeps it private (the
   * portal then reaches it from inside the network).
   */
  publicApiCidrs: string[];
  tags: Record<string, string>;
}

/** The taint GPU nodes carry, so that only pods asking for GPUs land on them. */
export const gpuTaint = {
  key: gpuResource,
  value: 'present',
  effect: 'NO_SCHEDULE',
};

const managedPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** On-demand and spot node counts for a pool size; spot rounds down. */
export function splitBySpotShare(nodes: number, spotShare: number) {
  const spot = Math.floor(nodes * spotShare);
  return { onDemand: nodes - spot, spot };
}

/**
 * An EKS cluster with a private API endpoint (public only to the listed addresses, if
 * any), envelope-encrypted Secrets, control-plane
 * audit logs and IRSA, a general node group for the API and add-ons, and the GPU pool
 * as an on-demand and a spot managed node group.
 *
 * GPU nodes run Bottlerocket's NVIDIA variant, whose image ships the driver and the
 * NVIDIA Kubernetes device plugin, so `nvidia.com/gpu` is offered without a DaemonSet
 * to keep in step with the driver. The cluster-autoscaler (its IAM role is made here)
 * scales each group between its bounds and reads the groups' labels and taints from EKS
 * to scale a group up from zero.
 */
export class GpuCluster extends pulumi.ComponentResource {
  readonly cluster: aws.eks.Cluster;
  readonly nodeGroups: aws.eks.NodeGroup[] = [];
  readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  readonly autoscalerRole: aws.iam.Role;
  autoscalerPolicy!: aws.iam.RolePolicy;
  readonly secretsKey: aws.kms.Key;
  /** Security group EKS puts on the control plane and the managed nodes. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;

  constructor(
    name: string,
    args: GpuClusterArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:GpuCluster', name, {}, opts);
    const child = { parent: this };
    const region = args.region;

    this.secretsKey = kmsKey(
      `${name}-secrets`,
      region,
      `Envelope encryption of ${name}'s Kubernetes Secrets`,
      args.tags,
      child,
    );
    const clusterRole = this.role(
      `${name}-cluster`,
      assumedBy('eks.amazonaws.com'),
      ['AmazonEKSClusterPolicy'],
      args.tags,
    );
    this.cluster = new aws.eks.Cluster(
      name,
      {
        region,
        name,
        version: args.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: args.privateSubnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: args.publicApiCidrs.length > 0,
          ...(args.publicApiCidrs.length
            ? { publicAccessCidrs: args.publicApiCidrs }
            : {}),
        },
        accessConfig: { authenticationMode: 'API' },
        encryptionConfig: {
          provider: { keyArn: this.secretsKey.arn },
          resources: ['secrets'],
        },
        enabledClusterLogTypes: ['api', 'audit', 'authenticator'],
        deletionProtection: true,
        tags: args.tags,
      },
      child,
    );
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    this.oidcProvider = new aws.iam.OpenIdConnectProvider(
      name,
      {
        url: this.cluster.identities[0].oidcs[0].issuer,
        clientIdLists: ['sts.amazonaws.com'],
        tags: args.tags,
      },
      child,
    );
    this.autoscalerRole = this.createAutoscalerRole(name, args.tags);

    const nodeRole = this.role(
      `${name}-nodes`,
      assumedBy('ec2.amazonaws.com'),
      [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
        'AmazonEC2ContainerRegistryReadOnly',
        'AmazonSSMManagedInstanceCore',
      ],
      args.tags,
    );
    const common = {
      region,
      clusterName: this.cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: args.privateSubnetIds,
      updateConfig: { maxUnavailable: 1 },
    };
    // The autoscaler owns the desired size once the group exists.
    const groupOpts = {
      ...child,
      ignoreChanges: ['scalingConfig.desiredSize'],
    };

    this.nodeGroups.push(
      new aws.eks.NodeGroup(
        `${name}-general`,
        {
          ...common,
          amiType: 'AL2023_x86_64_STANDARD',
          capacityType: 'ON_DEMAND',
          instanceTypes: [args.general.instanceType],
          scalingConfig: {
            minSize: args.general.minNodes,
            maxSize: args.general.maxNodes,
            desiredSize: args.general.minNodes,
          },
          labels: { ...args.nodeLabels, [nodeLabels.nodeRole]: 'general' },
          tags: args.tags,
        },
        groupOpts,
      ),
    );

    const pool = args.gpuPool;
    const min = splitBySpotShare(pool.minNodes, pool.spotShare);
    const max = splitBySpotShare(pool.maxNodes, pool.spotShare);
    for (const capacity of ['onDemand', 'spot'] as const) {
      if (max[capacity] === 0) continue;
      this.nodeGroups.push(
        new aws.eks.NodeGroup(
          `${name}-gpu-${capacity === 'spot' ? 'spot' : 'on-demand'}`,
          {
            ...common,
            amiType: 'BOTTLEROCKET_x86_64_NVIDIA',
            capacityType: capacity === 'spot' ? 'SPOT' : 'ON_DEMAND',
            instanceTypes: [pool.instanceType],
            diskSize: 200,
            scalingConfig: {
              minSize: min[capacity],
              maxSize: max[capacity],
              desiredSize: min[capacity],
            },
            labels: {
              ...args.nodeLabels,
              [nodeLabels.nodeRole]: 'gpu',
              [nodeLabels.gpuPresent]: 'true',
              [nodeLabels.gpuProduct]: pool.product,
              [nodeLabels.gpuCount]: String(pool.gpusPerNode),
            },
            taints: [gpuTaint],
            tags: args.tags,
          },
          groupOpts,
        ),
      );
    }
    this.registerOutputs({ clusterName: this.cluster.name });
  }

  private role(
    name: string,
    assumeRolePolicy: pulumi.Input<string>,
    managedPolicies: string[],
    tags: Record<string, string>,
  ): aws.iam.Role {
    const role = new aws.iam.Role(
      name,
      { assumeRolePolicy, tags },
      { parent: this },
    );
    managedPolicies.forEach(
      policy =>
        new aws.iam.RolePolicyAttachment(
          `${name}-${policy}`,
          { role: role.name, policyArn: managedPolicy(policy) },
          { parent: this },
        ),
    );
    return role;
  }

  /** IRSA role of the cluster-autoscaler: may resize only this cluster's groups. */
  private createAutoscalerRole(
    name: string,
    tags: Record<string, string>,
  ): aws.iam.Role {
    const role = this.role(
      `${name}-cluster-autoscaler`,
      pulumi
        .all([this.oidcProvider.arn, this.oidcProvider.url])
        .apply(([arn, url]) =>
          assumedByServiceAccount(
            arn,
            url,
            'kube-system',
            'cluster-autoscaler',
          ),
        ),
      [],
      tags,
    );
    this.autoscalerPolicy = new aws.iam.RolePolicy(
      `${name}-cluster-autoscaler`,
      {
        role: role.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'autoscaling:DescribeAutoScalingGroups',
                'autoscaling:DescribeAutoScalingInstances',
                'autoscaling:DescribeLaunchConfigurations',
                'autoscaling:DescribeScalingActivities',
                'ec2:DescribeImages',
                'ec2:DescribeInstanceTypes',
                'ec2:DescribeLaunchTemplateVersions',
                'ec2:GetInstanceTypesFromInstanceRequirements',
                'eks:DescribeNodegroup',
              ],
              Resource: '*',
            },
            {
              Effect: 'Allow',
              Action: [
                'autoscaling:SetDesiredCapacity',
                'autoscaling:TerminateInstanceInAutoScalingGroup',
              ],
              Resource: '*',
              Condition: {
                StringEquals: {
                  [`aws:ResourceTag/k8s.io/cluster-autoscaler/${name}`]:
                    'owned',
                },
              },
            },
          ],
        }),
      },
      { parent: this },
    );
    return role;
  }
}
