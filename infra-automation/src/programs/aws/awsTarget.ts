import { EnvironmentTarget } from '../../target';
import { EnvironmentSpec, InfraError } from '@internal/ekyc-domain';
import {
  checkGpuPool,
  ClusterOptions,
  clusterOfSpec,
  KubernetesClusters,
  onClusterOfSpec,
  WorkloadImages,
} from '../kubernetes';
import { awsPreflightProblems, ClusterApiAccess } from './awsPreflight';
import { awsRegionProgram } from './regionProgram';
import { awsSovereignSiteProgram } from './sovereignSiteProgram';

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
          hubStackName: id => `organization/${options.projectName}/${id}`,
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
      if (problems.length) {
        throw new InfraError(
          'provider',
          `target aws cannot run here:\n${problems
            .map(problem => `  - ${problem}`)
            .join('\n')}`,
        );
      }
      if (spec.kind === 'sovereign-site') {
        await clusterOfSpec(spec, options.clusters);
        await checkGpuPool(spec, siteOptionsOf(spec, options));
      }
    },
  };
}

/** A site's in-country cluster, as the preflight allowed it. */
function siteOptionsOf(
  spec: EnvironmentSpec,
  options: AwsTargetOptions,
): ClusterOptions {
  return onClusterOfSpec(spec, options.clusters, options.siteOptions ?? {});
}
