import { EnvironmentTarget } from '../../target';
import { InfraError } from '@internal/ekyc-domain';
import {
  checkGpuPool,
  KubernetesTargetOptions,
  WorkloadImages,
} from '../kubernetes';
import { awsPreflightProblems } from './awsPreflight';
import { awsRegionProgram } from './regionProgram';
import { awsSovereignSiteProgram } from './sovereignSiteProgram';

export interface AwsTargetOptions {
  /** The Route 53 hosted zone of the API names; required for region environments. */
  dnsZone?: { id: string; name: string };
  kubernetesVersion?: string;
  images?: Partial<WorkloadImages>;
  retentionDays?: { documents: number; selfies: number };
  /** Sovereign sites: their in-country cluster. */
  site: KubernetesTargetOptions;
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
          site: options.site,
          hubStackName: id => `organization/${options.projectName}/${id}`,
        });
      }
      if (!options.dnsZone) throw new Error('dnsZone is required');
      return awsRegionProgram(spec, {
        dnsZone: options.dnsZone,
        kubernetesVersion: options.kubernetesVersion ?? '1.34',
        images: options.images,
        retentionDays: options.retentionDays ?? { documents: 365, selfies: 30 },
      });
    },
    preflight: async spec => {
      const problems = await awsPreflightProblems(spec, options);
      if (problems.length) {
        throw new InfraError(
          'provider',
          `target aws cannot run here:\n${problems
            .map(problem => `  - ${problem}`)
            .join('\n')}`,
        );
      }
      if (spec.kind === 'sovereign-site')
        await checkGpuPool(spec, options.site);
    },
  };
}
