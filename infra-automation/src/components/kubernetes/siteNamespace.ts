import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { gpuResource } from '@internal/ekyc-domain';

export interface SiteNamespaceArgs {
  /** The namespace's name (DNS label). */
  name: string;
  /** Residency and ownership labels put on the namespace (ekyc.io/country, …). */
  labels: Record<string, string>;
  /** Most `nvidia.com/gpu` the namespace's pods may request together. */
  gpuQuota: number;
  /** Most CPU and memory the namespace's pods may request together. */
  cpuQuota: string;
  memoryQuota: string;
  /** Destinations outside the cluster that pods may reach; everything else is denied. */
  egressAllowCidrs?: string[];
}

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/** Default deny, then the only traffic allowed: same namespace, cluster DNS, the list. */
function networkPolicies(
  egressAllowCidrs: string[],
): Array<[string, NetworkPolicySpec]> {
  const everyPod = { podSelector: {} };
  const policies: Array<[string, NetworkPolicySpec]> = [
    ['default-deny', { ...everyPod, policyTypes: ['Ingress', 'Egress'] }],
    [
      'allow-same-namespace',
      {
        ...everyPod,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [everyPod] }],
        egress: [{ to: [everyPod] }],
      },
    ],
    [
      'allow-dns',
      {
        ...everyPod,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    ],
  ];
  if (egressAllowCidrs.length) {
    policies.push([
      'allow-egress-listed',
      {
        ...everyPod,
        policyTypes: ['Egress'],
        egress: [{ to: egressAllowCidrs.map(cidr => ({ ipBlock: { cidr } })) }],
      },
    ]);
  }
  return policies;
}

/**
 * An environment's namespace on a cluster: quotas including GPUs, default container
 * limits, and default-deny network policies with explicit allow-lists.
 */
export class SiteNamespace extends pulumi.ComponentResource {
  readonly namespaceName: pulumi.Output<string>;
  /** Children that workloads should depend on before their pods are created. */
  readonly quota: k8s.core.v1.ResourceQuota;
  readonly limitRange: k8s.core.v1.LimitRange;
  readonly networkPolicies: k8s.networking.v1.NetworkPolicy[];

  constructor(
    name: string,
    args: SiteNamespaceArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:kubernetes:SiteNamespace', name, {}, opts);
    const child = { parent: this };

    const ns = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: args.name, labels: args.labels } },
      child,
    );
    const namespace = ns.metadata.name;
    const metadata = (suffix: string) => ({
      namespace,
      name: `${args.name}-${suffix}`,
    });

    this.quota = new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      {
        metadata: metadata('quota'),
        spec: {
          hard: {
            [`requests.${gpuResource}`]: String(args.gpuQuota),
            'requests.cpu': args.cpuQuota,
            'requests.memory': args.memoryQuota,
          },
        },
      },
      child,
    );
    this.limitRange = new k8s.core.v1.LimitRange(
      `${name}-limits`,
      {
        metadata: metadata('limits'),
        spec: {
          limits: [
            {
              type: 'Container',
              defaultRequest: { cpu: '250m', memory: '256Mi' },
              default: { cpu: '1', memory: '1Gi' },
            },
          ],
        },
      },
      child,
    );
    this.networkPolicies = networkPolicies(args.egressAllowCidrs ?? []).map(
      ([suffix, spec]) =>
        new k8s.networking.v1.NetworkPolicy(
          `${name}-${suffix}`,
          { metadata: metadata(suffix), spec },
          child,
        ),
    );

    this.namespaceName = namespace;
    this.registerOutputs({ namespaceName: namespace });
  }
}
