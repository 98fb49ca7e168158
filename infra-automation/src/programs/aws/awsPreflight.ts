import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { EnvironmentSpec } from '@internal/ekyc-domain';
import { cidrsOverlap, regionVpcCidrs } from './networkPlan';

const run = promisify(execFile);

/** The AWS provider plugin the programs were written against (the npm package's). */
export const awsProviderVersion: string =
  require('@pulumi/aws/package.json').version;

export interface AwsPreflightOptions {
  /** The Pulumi CLI whose plugins are checked. */
  pulumiPath: string;
  pulumiEnv: Record<string, string>;
  dnsZone?: { id: string; name: string };
  /** Resolves the caller's AWS credentials; AWS's default chain unless given. */
  credentials?: () => Promise<unknown>;
}

async function missingProviderPlugin(
  options: AwsPreflightOptions,
): Promise<string | undefined> {
  const { stdout } = await run(options.pulumiPath, ['plugin', 'ls', '--json'], {
    env: { ...process.env, ...options.pulumiEnv },
  });
  const plugins = JSON.parse(stdout || '[]') as {
    name: string;
    kind: string;
    version: string;
  }[];
  const found = plugins.some(
    plugin =>
      plugin.kind === 'resource' &&
      plugin.name === 'aws' &&
      plugin.version === awsProviderVersion,
  );
  return found
    ? undefined
    : `the Pulumi AWS provider plugin ${awsProviderVersion} is not installed (automatic plugin downloads are off): run \`pulumi plugin install resource aws ${awsProviderVersion}\` where the plugin registry is reachable, or copy the plugin into the Pulumi home's plugins/resource-aws-v${awsProviderVersion}`;
}

async function missingCredentials(
  options: AwsPreflightOptions,
): Promise<string | undefined> {
  const resolve =
    options.credentials ?? defaultProvider({ timeout: 1000, maxRetries: 0 });
  try {
    await resolve();
    return undefined;
  } catch (error) {
    return `no AWS credentials found (${
      (error as Error).message.split('\n')[0]
    }): set AWS_PROFILE (after \`aws sso login\`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an IAM role is available (EKS pod identity, IRSA, an instance profile)`;
  }
}

/**
 * Everything target aws needs that is not in the spec, each missing piece named with
 * how to supply it; empty when the run can go ahead. Nothing is created either way.
 */
export async function awsPreflightProblems(
  spec: EnvironmentSpec,
  options: AwsPreflightOptions,
): Promise<string[]> {
  const problems: string[] = [];
  if (spec.kind === 'region') {
    if (!options.dnsZone) {
      problems.push(
        'no Route 53 hosted zone for the API names: set EKYC_AWS_DNS_ZONE to "<zone id>:<domain>", e.g. Z0123456789ABCDEFGHIJ:ekyc.example.com',
      );
    }
    if (!regionVpcCidrs[spec.region]) {
      problems.push(
        `region ${spec.region} has no VPC block planned: add it to regionVpcCidrs in infra-automation/src/programs/aws/networkPlan.ts`,
      );
    }
  } else if (spec.connectivity.hub) {
    const hubCidr = regionVpcCidrs[spec.connectivity.hub.region];
    spec.connectivity.onPremCidrs
      .filter(cidr => hubCidr && cidrsOverlap(cidr, hubCidr))
      .forEach(cidr =>
        problems.push(
          `connectivity.onPremCidrs ${cidr} overlaps the hub VPC ${hubCidr} of ${spec.connectivity.hub?.region}: the site's networks must not reuse the hub's addresses`,
        ),
      );
  }
  const [plugin, credentials] = await Promise.all([
    missingProviderPlugin(options),
    missingCredentials(options),
  ]);
  return [...problems, plugin, credentials].filter(
    (problem): problem is string => Boolean(problem),
  );
}
