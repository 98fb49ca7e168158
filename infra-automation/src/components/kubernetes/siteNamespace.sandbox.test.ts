// SiteNamespace on the local sandbox through the runner, checked with kubectl.
// Needs a running sandbox: scripts/test.sh starts one.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import { SiteNamespace } from '.';
import { EnvironmentRunner, findPulumiCommand } from '../../runner';
import { EnvironmentSpec, parseEnvironmentSpecYaml } from '../../spec';

const { EKYC_SANDBOX_DIR: sandboxDir, EKYC_TOOLCHAIN_BIN: toolchainBin } =
  process.env;
if (!sandboxDir || !toolchainBin) {
  throw new Error(
    'run this through `make test`: it needs the sandbox (EKYC_SANDBOX_DIR, EKYC_TOOLCHAIN_BIN)',
  );
}
const kubectlArgs = ['--kubeconfig', path.join(sandboxDir, 'kubeconfig')];
const kubectlJson = (...args: string[]) =>
  JSON.parse(
    execFileSync(
      path.join(toolchainBin, 'kubectl'),
      [...kubectlArgs, ...args, '-o', 'json'],
      {
        encoding: 'utf8',
      },
    ),
  );

const spec = {
  ...parseEnvironmentSpecYaml(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../examples/sovereign-site-bd.yaml'),
      'utf8',
    ),
  ),
  id: 'site-namespace-test',
};
const namespace = 'ekyc-site-namespace-test';

const programFor = (s: EnvironmentSpec) => async () => {
  const provider = new k8s.Provider('sandbox', {
    kubeconfig: fs.readFileSync(
      path.join(sandboxDir, 'kubeconfig-pulumi'),
      'utf8',
    ),
  });
  const site = new SiteNamespace(
    'site',
    {
      name: namespace,
      labels: { 'ekyc.io/environment': s.id, 'ekyc.io/country': 'BD' },
      gpuQuota: s.gpuPool.maxNodes * s.gpuPool.gpusPerNode,
      cpuQuota: '16',
      memoryQuota: '64Gi',
      egressAllowCidrs:
        s.kind === 'sovereign-site' ? s.connectivity.onPremCidrs : [],
    },
    { provider },
  );
  return { namespace: site.namespaceName };
};

describe('SiteNamespace on the sandbox', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-site-ns-'));
  let runner: EnvironmentRunner;

  beforeAll(async () => {
    runner = new EnvironmentRunner({
      pulumiCommand: await findPulumiCommand(),
      backendUrl: `file://${stateDir}`,
      passphrase: 'sandbox-only',
      programFor,
    });
  });

  afterAll(async () => {
    await runner.destroy(spec).catch(() => undefined);
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);

  it('creates the namespace with its GPU quota, limits and default-deny policies', async () => {
    const result = await runner.up(spec);
    expect(result.outputs).toEqual({ namespace });

    const ns = kubectlJson('get', 'namespace', namespace);
    expect(ns.metadata.labels['ekyc.io/country']).toBe('BD');
    const quota = kubectlJson(
      '-n',
      namespace,
      'get',
      'resourcequota',
      `${namespace}-quota`,
    );
    expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('8');
    const policies = kubectlJson(
      '-n',
      namespace,
      'get',
      'networkpolicies',
    ).items.map((p: any) => p.metadata.name);
    expect(policies.sort()).toEqual(
      [
        'allow-dns',
        'allow-egress-listed',
        'allow-same-namespace',
        'default-deny',
      ].map(suffix => `${namespace}-${suffix}`),
    );
  }, 180_000);

  it('makes the API server refuse a pod that asks for more GPUs than the quota', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'too-many-gpus', namespace },
      spec: {
        containers: [
          {
            name: 'worker',
            image: 'registry.invalid/x:1',
            resources: { limits: { 'nvidia.com/gpu': '9' } },
          },
        ],
      },
    };
    const result = spawnSync(
      path.join(toolchainBin, 'kubectl'),
      [...kubectlArgs, 'create', '-f', '-'],
      {
        input: JSON.stringify(pod),
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/exceeded quota.*requests\.nvidia\.com\/gpu/);
  });

  it('leaves nothing behind on destroy', async () => {
    await runner.destroy(spec);
    const names = kubectlJson('get', 'namespaces').items.map(
      (n: any) => n.metadata.name,
    );
    expect(names).not.toContain(namespace);
  }, 180_000);
});
