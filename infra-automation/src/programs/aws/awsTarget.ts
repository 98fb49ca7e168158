import { EnvironmentTarget, TopologyTarget } from '../../target';
import {
  stackNameOf,
  stackProjectsOf,
  stackReferenceName,
} from '../../runner/stackNames';
import {
  EnvironmentSpec,
  InfraError,
  TopologySpec,
} from '@internal/ekyc-domain';
import {
  checkGpuPool,
  ClusterOptions,
  clusterOfSpec,
  KubernetesClusters,
  onClusterOfSpec,
  WorkloadImages,
} from '../kubernetes';
import {
  awsAccountProblems,
  awsPreflightProblems,
  ClusterApiAccess,
} from './awsPreflight';
import { awsRegionProgram } from './regionProgram';
import { awsSovereignSiteProgram } from './sovereignSiteProgram';
import { routingProblems, topologyProgram } from './topologyProgram';

/** An environment's stack, as a stack reference in the topology's or a site's program names it. */
const environmentStackName = (projectName: string, environmentId: string) =>
  stackReferenceName(
    stackNameOf({ id: environmentId }, stackProjectsOf({ projectName })),
  );

export interface AwsTargetOptions {
  /** The Route 53 hosted zone of the API names; required for region environments. */
  dnsZone?: { id: string; name: string };
  kubernetesVersion?: string;
  images?: Partial<WorkloadImages>;
  retentionDays?: { documents: number; selfies: number };
  /** Sovereign sites: the registry their in-country cluster is in. */
  clusters: KubernetesClusters;
  /** Sovereign sites: what their clusters' programs take besides the cluster. */
  siteOptions?: Omit<ClusterOptions, 'kubeconfig' | 'storage'>;
  /** How the runner reaches a region's EKS API (private unless given). */
  clusterApi?: ClusterApiAccess;
  /** The role the portal reads regions' clusters with; given view access on each. */
  portalReaderRoleArn?: string;
  /** A region stack's reported API endpoint, for the preflight's reachability check. */
  clusterEndpointOf?: (environmentId: string) => Promise<string | undefined>;
  /** The Pulumi project the region stacks live in, for sites' stack references. */
  projectName: string;
  pulumiPath: string;
  pulumiEnv: Record<string, string>;
  /** Resolves the caller's AWS credentials; AWS's default chain unless given. */
  credentials?: () => Promise<unknown>;
}

/**
 * The runner's program and preflight for `target: aws`. The preflight names every
 * missing piece (provider plugin, credentials, DNS zone, address plan, the site's GPU
 * nodes) with how to supply it, before any stack is touched.
 */
export function awsTarget(options: AwsTargetOptions): EnvironmentTarget {
  return {
    programFor: spec => {
      if (spec.kind === 'sovereign-site') {
        return awsSovereignSiteProgram(spec, {
          site: siteOptionsOf(spec, options),
          hubStackName: id => environmentStackName(options.projectName, id),
        });
      }
      if (!options.dnsZone) throw new Error('dnsZone is required');
      return awsRegionProgram(spec, {
        dnsZone: options.dnsZone,
        kubernetesVersion: options.kubernetesVersion ?? '1.34',
        images: options.images,
        retentionDays: options.retentionDays ?? { documents: 365, selfies: 30 },
        clusterApi: options.clusterApi ?? { access: 'private' },
        portalReaderRoleArn: options.portalReaderRoleArn,
      });
    },
    preflight: async spec => {
      const problems = await awsPreflightProblems(spec, {
        ...options,
        clusterApi: options.clusterApi ?? { access: 'private' },
      });
      refuseProblems('target aws cannot run here', problems);
      if (spec.kind === 'sovereign-site') {
        await clusterOfSpec(spec, options.clusters);
        await checkGpuPool(spec, siteOptionsOf(spec, options));
      }
    },
  };
}

/**
 * The program and preflight of a topology's routing (Route 53 and Global Accelerator,
 * on AWS whatever its environments' targets), reading each region's edge from the
 * environment's own stack. The preflight names every missing piece (an environment with
 * nothing to route to, DNS zone, provider plugin, credentials) with how to supply it,
 * before any stack is touched.
 */
export function awsTopologyTarget(
  options: Pick<
    AwsTargetOptions,
    'dnsZone' | 'projectName' | 'pulumiPath' | 'pulumiEnv' | 'credentials'
  >,
): TopologyTarget {
  return {
    programFor: (topology: TopologySpec) => {
      if (!options.dnsZone) throw new Error('dnsZone is required');
      return topologyProgram(topology, {
        dnsZone: options.dnsZone,
        environmentStack: id => environmentStackName(options.projectName, id),
      });
    },
    preflight: async (topology: TopologySpec) => {
      const zone = options.dnsZone
        ? []
        : [
            'no Route 53 hosted zone for the global API name: set EKYC_AWS_DNS_ZONE to "<zone id>:<domain>", e.g. Z0123456789ABCDEFGHIJ:ekyc.example.com',
          ];
      const account = await awsAccountProblems(options);
      refuseProblems(
        `the routing of topology ${topology.id} cannot be applied here`,
        [
          ...routingProblems(topology),
          ...zone,
          ...account.map(problem => problem.detail),
        ],
      );
    },
  };
}

/** A provider error listing every problem with its fix; nothing when there is none. */
function refuseProblems(heading: string, problems: string[]): void {
  if (!problems.length) return;
  throw new InfraError(
    'provider',
    `${heading}:\n${problems.map(problem => `  - ${problem}`).join('\n')}`,
  );
}

/** A site's in-country cluster, as the preflight allowed it. */
function siteOptionsOf(
  spec: EnvironmentSpec,
  options: AwsTargetOptions,
): ClusterOptions {
  return onClusterOfSpec(spec, options.clusters, options.siteOptions ?? {});
}
