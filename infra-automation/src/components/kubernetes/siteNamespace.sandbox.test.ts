// SiteNamespace on the local sandbox through the runner, checked with kubectl.
// Needs a running sandbox: scripts/test.sh starts one.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { SiteNamespace } from '.';
import { EnvironmentRunner } from '../../runner';
import { EnvironmentSpec } from '@internal/ekyc-domain';
import {
  clusterFile,
  dhaka,
  exampleSiteSpec,
  sandboxProvider,
  sandboxRunner,
  toolchainBin,
} from '../../__testUtils__/sandbox';

// Sized from the measured time with a wide margin (a Pulumi operation on the sandbox takes 12 to 20 s idle and three times that with the two cores shared; tests that run several set their own).
jest.setTimeout(180_000);

const kubectlArgs = ['--kubeconfig', clusterFile(dhaka, 'kubeconfig')];
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

const spec = exampleSiteSpec('site-namespace-test');
const namespace = 'ekyc-site-namespace-test';

const programFor = (s: EnvironmentSpec) => async () => {
  const provider = sandboxProvider();
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
  let remove: () => void;
  let runner: EnvironmentRunner;

  beforeAll(async () => {
    ({ runner, remove } = await sandboxRunner({ programFor }));
  });

  afterAll(async () => {
    await runner.destroy(spec).catch(() => undefined);
    remove();
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
