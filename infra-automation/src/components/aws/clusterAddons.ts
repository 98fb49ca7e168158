import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { assumedByServiceAccount } from './iamDocuments';

/** Charts the add-ons are installed from, pinned: an upgrade is a reviewed change. */
export const addonCharts = {
  loadBalancerController: {
    chart: 'aws-load-balancer-controller',
    version: '1.13.4',
    repo: 'https://aws.github.io/eks-charts',
  },
  clusterAutoscaler: {
    chart: 'cluster-autoscaler',
    version: '9.46.6',
    repo: 'https://kubernetes.github.io/autoscaler',
  },
};

export interface LoadBalancerControllerArgs {
  region: string;
  clusterName: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  oidcProvider: aws.iam.OpenIdConnectProvider;
  /** The Application Load Balancer's target group the API pods join, by IP. */
  targetGroupArn: pulumi.Input<string>;
  /** The load balancer's security group, let in to the pods' port. */
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** The Service whose pods are the targets. */
  service: {
    namespace: pulumi.Input<string>;
    name: pulumi.Input<string>;
    port: number;
  };
  tags: Record<string, string>;
  /** The cluster's provider, for the chart and the binding. */
  kubernetes: k8s.Provider;
  /** What the binding needs first (the Service). */
  dependsOn?: pulumi.Resource[];
}

const namespace = 'kube-system';

/** One of addonCharts, installed into kube-system under its own name. */
function addonRelease(
  name: string,
  chart: (typeof addonCharts)[keyof typeof addonCharts],
  values: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
) {
  return new k8s.helm.v3.Release(
    `${name}-${chart.chart}`,
    {
      name: chart.chart,
      chart: chart.chart,
      version: chart.version,
      repositoryOpts: { repo: chart.repo },
      namespace,
      values,
    },
    opts,
  );
}

/** An IRSA role for one service account in kube-system with one inline policy. */
function serviceAccountRole(
  name: string,
  serviceAccount: string,
  oidcProvider: aws.iam.OpenIdConnectProvider,
  policy: pulumi.Input<string>,
  tags: Record<string, string>,
  parent: pulumi.Resource,
) {
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: pulumi
        .all([oidcProvider.arn, oidcProvider.url])
        .apply(([arn, url]) =>
          assumedByServiceAccount(arn, url, namespace, serviceAccount),
        ),
      tags,
    },
    { parent },
  );
  const rolePolicy = new aws.iam.RolePolicy(
    name,
    { role: role.id, policy },
    { parent },
  );
  return { role, rolePolicy };
}

/**
 * The AWS Load Balancer Controller, and the TargetGroupBinding that puts the NID API's
 * pods into the Application Load Balancer's target group (which Edge owns, with its
 * listener, certificate and WAF). The controller's role may read the load balancers
 * and the network, and change only that target group's targets and the rules that let
 * the load balancer reach the pods: it creates no load balancer of its own.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly rolePolicy: aws.iam.RolePolicy;
  readonly release: k8s.helm.v3.Release;
  readonly targetGroupBinding: k8s.apiextensions.CustomResource;

  constructor(
    name: string,
    args: LoadBalancerControllerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:LoadBalancerController', name, {}, opts);
    const serviceAccount = 'aws-load-balancer-controller';
    ({ role: this.role, rolePolicy: this.rolePolicy } = serviceAccountRole(
      `${name}-lb-controller`,
      serviceAccount,
      args.oidcProvider,
      pulumi.output(args.targetGroupArn).apply(targetGroupArn =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'elasticloadbalancing:DescribeLoadBalancers',
                'elasticloadbalancing:DescribeListeners',
                'elasticloadbalancing:DescribeTargetGroups',
                'elasticloadbalancing:DescribeTargetGroupAttributes',
                'elasticloadbalancing:DescribeTargetHealth',
                'elasticloadbalancing:DescribeTags',
                'ec2:DescribeSecurityGroups',
                'ec2:DescribeInstances',
                'ec2:DescribeNetworkInterfaces',
                'ec2:DescribeSubnets',
                'ec2:DescribeVpcs',
                'ec2:DescribeAvailabilityZones',
              ],
              Resource: '*',
            },
            {
              Effect: 'Allow',
              Action: [
                'elasticloadbalancing:RegisterTargets',
                'elasticloadbalancing:DeregisterTargets',
              ],
              Resource: targetGroupArn,
            },
            {
              // The rule letting the load balancer reach the pods, on the cluster's
              // own security groups only.
              Effect: 'Allow',
              Action: [
                'ec2:AuthorizeSecurityGroupIngress',
                'ec2:RevokeSecurityGroupIngress',
              ],
              Resource: '*',
              Condition: {
                StringEquals: {
                  'aws:ResourceTag/aws:eks:cluster-name': args.clusterName,
                },
              },
            },
          ],
        }),
      ),
      args.tags,
      this,
    ));

    const onCluster = { parent: this, provider: args.kubernetes };
    this.release = addonRelease(
      name,
      addonCharts.loadBalancerController,
      {
        clusterName: args.clusterName,
        region: args.region,
        vpcId: args.vpcId,
        replicaCount: 2,
        serviceAccount: {
          name: serviceAccount,
          annotations: { 'eks.amazonaws.com/role-arn': this.role.arn },
        },
        // Only bindings: the load balancer is Edge's, made by Pulumi.
        enableServiceMutatorWebhook: false,
        createIngressClassResource: false,
      },
      { ...onCluster, dependsOn: [this.rolePolicy] },
    );
    this.targetGroupBinding = new k8s.apiextensions.CustomResource(
      `${name}-nid-api`,
      {
        apiVersion: 'elbv2.k8s.aws/v1beta1',
        kind: 'TargetGroupBinding',
        metadata: {
          namespace: args.service.namespace,
          name: args.service.name,
        },
        spec: {
          serviceRef: { name: args.service.name, port: args.service.port },
          targetGroupARN: args.targetGroupArn,
          targetType: 'ip',
          networking: {
            ingress: [
              {
                from: [
                  {
                    securityGroup: {
                      groupID: args.loadBalancerSecurityGroupId,
                    },
                  },
                ],
                ports: [{ protocol: 'TCP', port: args.service.port }],
              },
            ],
          },
        },
      },
      {
        ...onCluster,
        dependsOn: [this.release, ...(args.dependsOn ?? [])],
      },
    );
    this.registerOutputs({});
  }
}

export interface ClusterAutoscalerArgs {
  region: string;
  clusterName: pulumi.Input<string>;
  /** Its IRSA role, made with the cluster (GpuCluster.autoscalerRole). */
  role: aws.iam.Role;
  /** The cluster's provider, for the chart. */
  kubernetes: k8s.Provider;
}

/**
 * The cluster-autoscaler on the IRSA role GpuCluster made for it: it finds the node
 * groups by their autoscaling tags and moves each between its bounds, the GPU pool's
 * spot and on-demand groups kept in balance.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(
    name: string,
    args: ClusterAutoscalerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:ClusterAutoscaler', name, {}, opts);
    this.release = addonRelease(
      name,
      addonCharts.clusterAutoscaler,
      {
        cloudProvider: 'aws',
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        rbac: {
          serviceAccount: {
            // The name the role's trust policy names.
            name: 'cluster-autoscaler',
            annotations: { 'eks.amazonaws.com/role-arn': args.role.arn },
          },
        },
        extraArgs: {
          'balance-similar-node-groups': true,
          'skip-nodes-with-system-pods': false,
          expander: 'least-waste',
        },
      },
      { parent: this, provider: args.kubernetes },
    );
    this.registerOutputs({});
  }
}
