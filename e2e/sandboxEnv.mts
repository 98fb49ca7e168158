import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  clusterFileIn,
  type SandboxCluster,
} from '../infra-automation/src/__testUtils__/sandboxClusters.ts';

// Where the test sandbox is: scripts/test.sh exports these after starting it.
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run this through scripts/test.sh`);
  return value;
}

export const sandboxDir = requiredEnv('EKYC_SANDBOX_DIR');
export const toolchainBin = requiredEnv('EKYC_TOOLCHAIN_BIN');

export {
  dhaka,
  sandboxClusterNames,
  singapore,
  type SandboxCluster,
} from '../infra-automation/src/__testUtils__/sandboxClusters.ts';

/** A file of one of this sandbox's clusters (kubeconfig, pki/ca.crt, ...). */
export const clusterFile = (cluster: SandboxCluster, ...segments: string[]) =>
  clusterFileIn(sandboxDir, cluster, ...segments);

/** A cluster's registry entry, as the sandbox registers it (clusters.yaml). */
export function registeredCluster(cluster: SandboxCluster): {
  name: string;
  url: string;
  caFile: string;
  serviceAccountToken: string;
  prometheusUrl: string;
  country: string;
  region?: string;
  site?: string;
  deployer: { kubeconfigFile: string };
  databaseStorage: string;
} {
  const clusters = parse(
    fs.readFileSync(path.join(sandboxDir, 'clusters.yaml'), 'utf8'),
  );
  return clusters.find((c: { name: string }) => c.name === cluster);
}

/**
 * kubectl as one cluster's admin; `input` goes to its stdin; throws with its stderr.
 */
export function kubectl(
  cluster: SandboxCluster,
  args: string[],
  input?: string,
): string {
  const result = spawnSync(
    path.join(toolchainBin, 'kubectl'),
    ['--kubeconfig', clusterFile(cluster, 'kubeconfig'), ...args],
    { input, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`kubectl ${args.join(' ')} (${cluster}): ${result.stderr}`);
  return result.stdout;
}

/** The namespaces of a cluster, by name. */
export function namespacesOf(cluster: SandboxCluster): string[] {
  return JSON.parse(
    kubectl(cluster, ['get', 'namespaces', '-o', 'json']),
  ).items.map((n: { metadata: { name: string } }) => n.metadata.name);
}

/** Removes what a test added: its namespace (in the background) and its nodes. */
export function removeTestObjects(
  cluster: SandboxCluster,
  namespace: string,
  nodeSelector: string,
) {
  kubectl(cluster, [
    'delete',
    'namespace',
    namespace,
    '--wait=false',
    '--ignore-not-found',
  ]);
  kubectl(cluster, [
    'delete',
    'node',
    '-l',
    nodeSelector,
    '--ignore-not-found',
  ]);
}

/**
 * scripts/ekyc-infra against the sandbox, as a platform member runs it; `env` overrides
 * its settings (another Pulumi backend); throws with its stderr.
 */
export function ekycInfra(
  args: string[],
  env: Record<string, string> = {},
): string {
  const result = spawnSync(
    path.resolve(import.meta.dirname, '../scripts/ekyc-infra'),
    args,
    {
      encoding: 'utf8',
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, ...env },
    },
  );
  if (result.status !== 0) {
    throw new Error(`ekyc-infra ${args.join(' ')}: ${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Destroys an environment on the sandbox, so that a test may create it anew: the
 * "New ..." templates refuse an id whose environment exists.
 */
export function destroyEnvironment(specFile: string): void {
  ekycInfra(['destroy', specFile, '--yes']);
}
