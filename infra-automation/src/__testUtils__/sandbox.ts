// Shared by the tests that run against the local sandbox (scripts/test.sh starts one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  EnvironmentRunner,
  EnvironmentRunnerOptions,
  findPulumiCommand,
} from '../runner';
import {
  EnvironmentSpec,
  parseEnvironmentSpecYaml,
} from '@internal/ekyc-domain';
import { EnvironmentTarget } from '../target';
import { readClustersFile } from '../cli/settings';
import { clusterRegistry, KubernetesClusters } from '../programs/kubernetes';
import { clusterFileIn, dhaka, SandboxCluster } from './sandboxClusters';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this through \`make test\`, or \`make sandbox-up\` and source scripts/sandbox/lib.sh`,
    );
  }
  return value;
}

export const sandboxDir = required('EKYC_SANDBOX_DIR');
export const toolchainBin = required('EKYC_TOOLCHAIN_BIN');

export { dhaka, sandboxClusterNames, singapore } from './sandboxClusters';
export type { SandboxCluster } from './sandboxClusters';

/** A file of one of this sandbox's clusters. */
export const clusterFile = (cluster: SandboxCluster, ...segments: string[]) =>
  clusterFileIn(sandboxDir, cluster, ...segments);

/** The sandbox's cluster registry (clusters.yaml), as the CLI and the portal read it. */
export function sandboxClusters(): KubernetesClusters {
  return clusterRegistry(
    readClustersFile(path.join(sandboxDir, 'clusters.yaml')).map(cluster => ({
      place: cluster.place,
      kubeconfig: cluster.deployerKubeconfig,
      storage: cluster.databaseStorage,
    })),
  );
}

/** The BD sovereign-site example with another id, so that tests do not share stacks. */
export function exampleSiteSpec(id: string) {
  const file = path.resolve(
    __dirname,
    '../../../examples/sovereign-site-bd.yaml',
  );
  return { ...parseEnvironmentSpecYaml(fs.readFileSync(file, 'utf8')), id };
}

/** A provider for one sandbox cluster with the Pulumi deployer's token. */
export function sandboxProvider(cluster: SandboxCluster = dhaka): k8s.Provider {
  return new k8s.Provider('sandbox', {
    kubeconfig: fs.readFileSync(
      clusterFile(cluster, 'kubeconfig-pulumi'),
      'utf8',
    ),
  });
}

/**
 * A runner of target kubernetes with its own file backend in a temporary directory;
 * remove() deletes it.
 */
export async function sandboxRunner({
  programFor,
  preflight,
  ...options
}: EnvironmentTarget & Partial<EnvironmentRunnerOptions>) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-runner-'));
  const runner = new EnvironmentRunner({
    pulumiCommand: await findPulumiCommand(),
    backendUrl: `file://${stateDir}`,
    passphrase: 'sandbox-only',
    targets: { kubernetes: { programFor, preflight } },
    ...options,
  });
  return {
    runner,
    stateDir,
    remove: () => fs.rmSync(stateDir, { recursive: true, force: true }),
  };
}

/**
 * A small program: the environment's namespace (`<prefix>-<id>`) and a Secret `db`
 * holding the password the program reads from stack config.
 */
export const namespaceWithPassword =
  (prefix: string, password: () => pulumi.Output<string>) =>
  (spec: EnvironmentSpec) =>
  async () => {
    const provider = sandboxProvider();
    const ns = new k8s.core.v1.Namespace(
      'site',
      {
        metadata: {
          name: `${prefix}-${spec.id}`,
          labels: { 'ekyc.io/country': 'BD' },
        },
      },
      { provider },
    );
    const secret = new k8s.core.v1.Secret(
      'db',
      {
        metadata: { namespace: ns.metadata.name, name: 'db' },
        stringData: { password: password() },
      },
      { provider },
    );
    return {
      namespace: ns.metadata.name,
      secretName: pulumi.secret(secret.metadata.name),
    };
  };
