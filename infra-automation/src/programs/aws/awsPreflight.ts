import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { EnvironmentSpec } from '@internal/ekyc-domain';
import { cidrsOverlap, regionVpcCidrs } from './networkPlan';

const run = promisify(execFile);

/** The AWS provider plugin the programs were written against (the npm package's). */
export const awsProviderVersion: string =
  require('@pulumi/aws/package.json').version;

/**
 * How the runner reaches a region's EKS API: `private`, the endpoint stays private and
 * the portal runs inside the region's (or its hub's) network; `allowed-cidrs`, the
 * endpoint is public but answers only these addresses (the portal's egress).
 */
export type ClusterApiAccess =
  | { access: 'private' }
  | { access: 'allowed-cidrs'; allowedCidrs: string[] };

export interface AwsPreflightOptions {
  /** The Pulumi CLI whose plugins are checked. */
  pulumiPath: string;
  pulumiEnv: Record<string, string>;
  dnsZone?: { id: string; name: string };
  clusterApi: ClusterApiAccess;
  /** The API endpoint a region's stack reports, if it has been applied. */
  clusterEndpointOf?: (environmentId: string) => Promise<string | undefined>;
  /** Whether an endpoint answers from here; a TCP connection within 3 s unless given. */
  reachable?: (endpoint: string) => Promise<boolean>;
  /** Resolves the caller's AWS credentials; AWS's default chain unless given. */
  credentials?: () => Promise<unknown>;
}

/** A TCP connection to the endpoint's host and port within the timeout. */
export function tcpReachable(endpoint: string, timeoutMs = 3000) {
  const url = new URL(endpoint);
  return new Promise<boolean>(resolve => {
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port || 443),
      timeout: timeoutMs,
    });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Says plainly when the runner cannot reach an applied region's EKS API. */
export async function unreachableClusterApi(
  spec: EnvironmentSpec,
  options: AwsPreflightOptions,
): Promise<string | undefined> {
  if (spec.kind !== 'region' || !options.clusterEndpointOf) return undefined;
  const endpoint = await options.clusterEndpointOf(spec.id);
  if (!endpoint) return undefined;
  if (await (options.reachable ?? tcpReachable)(endpoint)) return undefined;
  const how =
    options.clusterApi.access === 'private'
      ? "its endpoint is private (ekyc.environments.aws.clusterApi.access: private): run the portal inside the region's VPC or a network routed to it, or set access to allowed-cidrs with the portal's egress addresses"
      : `its endpoint answers only ${options.clusterApi.allowedCidrs.join(
          ', ',
        )} (ekyc.environments.aws.clusterApi.allowedCidrs): add the portal's egress address`;
  return `the EKS API of ${spec.id} at ${endpoint} cannot be reached from this portal: ${how}`;
}

async function missingProviderPlugin(
  options: Pick<AwsPreflightOptions, 'pulumiPath' | 'pulumiEnv'>,
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
  options: Pick<AwsPreflightOptions, 'credentials'>,
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

/** Something target aws needs of the portal: in a few words, and in full. */
export interface AwsAccountProblem {
  /** For anyone who sees the form: names the missing piece, nothing of the host. */
  summary: string;
  /** For the portal's operators: what is missing and how to supply it. */
  detail: string;
}

/**
 * What target aws needs of the portal whatever the spec: the AWS provider plugin and
 * credentials. Empty when this portal can apply to AWS at all; reads only.
 */
export async function awsAccountProblems(
  options: Pick<
    AwsPreflightOptions,
    'pulumiPath' | 'pulumiEnv' | 'credentials'
  >,
): Promise<AwsAccountProblem[]> {
  const [plugin, credentials] = await Promise.all([
    missingProviderPlugin(options),
    missingCredentials(options),
  ]);
  return [
    ...(plugin
      ? [
          {
            summary: `the Pulumi AWS provider plugin ${awsProviderVersion} is not installed`,
            detail: plugin,
          },
        ]
      : []),
    ...(credentials
      ? [{ summary: 'no AWS credentials are configured', detail: credentials }]
      : []),
  ];
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
  const [account, clusterApi] = await Promise.all([
    awsAccountProblems(options),
    unreachableClusterApi(spec, options),
  ]);
  return [
    ...problems,
    ...account.map(problem => problem.detail),
    ...(clusterApi ? [clusterApi] : []),
  ];
}
