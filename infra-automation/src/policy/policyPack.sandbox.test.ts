// The ekyc-guardrails pack run for real: the Pulumi CLI built by the toolchain starts
// the pack's analyzer on every preview, against the Kubernetes target on the sandbox.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import {
  exampleSiteSpec,
  clusterFile,
  dhaka,
  sandboxClusters,
  sandboxRunner,
  toolchainBin,
} from '../__testUtils__/sandbox';
import {
  environmentOnCluster,
  sitePlacement,
  kubernetesTarget,
} from '../programs/kubernetes';
import { SovereignSiteSpec } from '@internal/ekyc-domain';

// Sized from the measured time with a wide margin (a Pulumi operation on the sandbox takes 12 to 20 s idle and three times that with the two cores shared; tests that run several set their own).
jest.setTimeout(180_000);

// The BD site's in-country cluster.
const kubeconfig = fs.readFileSync(
  clusterFile(dhaka, 'kubeconfig-pulumi'),
  'utf8',
);
const kubectl = (...args: string[]) =>
  spawnSync(
    path.join(toolchainBin, 'kubectl'),
    ['--kubeconfig', clusterFile(dhaka, 'kubeconfig'), ...args],
    { encoding: 'utf8' },
  );
const storage = { localVolume: { directory: '/var/lib/ekyc/volumes' } };

// The BD site as a faulty program would make it: its database pinned to the Singapore
// region's nodes instead of the site's. The spec is valid; only the program is wrong.
function misplacedDatabaseProgram(spec: SovereignSiteSpec) {
  return async () => {
    const provider = new k8s.Provider('cluster', { kubeconfig });
    const placement = sitePlacement(spec);
    return environmentOnCluster(
      spec,
      {
        ...placement,
        nodeLabels: { 'topology.kubernetes.io/region': 'ap-southeast-1' },
      },
      {
        provider,
        gpuPool: {
          product: 'NVIDIA-A10',
          nodes: 2,
          gpus: 8,
          allocatableGpus: 8,
        },
        database: { storage },
      },
    ).outputs;
  };
}

describe('the ekyc-guardrails policy pack with the real Pulumi CLI', () => {
  it('refuses at preview a BD database placed in Singapore, naming the resource, rule and fix', async () => {
    const spec = exampleSiteSpec('policy-misplaced') as SovereignSiteSpec;
    const { runner, remove } = await sandboxRunner({
      programFor: s => misplacedDatabaseProgram(s as SovereignSiteSpec),
    });
    try {
      const refused = runner.preview(spec);
      await expect(refused).rejects.toMatchObject({ kind: 'policy' });
      const { message } = (await refused.catch(error => error)) as Error;
      expect(message).toMatch(/ekyc-residency/);
      expect(message).toMatch(
        /ekyc-residency on kubernetes:apps\/v1:StatefulSet: policy-misplaced: Bangladesh \(BD\) rule "in-country" forbids its personal data in the database at cloud region ap-southeast-1, in SG/,
      );
      expect(message).toMatch(
        /ekyc-residency on kubernetes:core\/v1:PersistentVolume: policy-misplaced-volume: Bangladesh \(BD\)/,
      );
      expect(message).toMatch(/Fix: place it in an allowed location/);
      expect(await runner.outputs(spec)).toEqual({});
    } finally {
      remove();
    }
  }, 300_000);

  it('refuses the same program at up, before any of its resources exists', async () => {
    const spec = exampleSiteSpec('policy-misplaced-up') as SovereignSiteSpec;
    const { runner, remove } = await sandboxRunner({
      programFor: s => misplacedDatabaseProgram(s as SovereignSiteSpec),
    });
    try {
      await expect(runner.up(spec)).rejects.toMatchObject({ kind: 'policy' });
      expect(
        kubectl('get', 'namespace', 'ekyc-policy-misplaced-up').status,
      ).not.toBe(0);
      expect(await runner.outputs(spec)).toEqual({});
    } finally {
      await runner.destroy(spec).catch(() => undefined);
      remove();
    }
  }, 300_000);

  it('applies its config: a lower GPU ceiling refuses the BD site quota', async () => {
    const configFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-policy-')),
      'policy-config.json',
    );
    fs.writeFileSync(
      configFile,
      JSON.stringify({ 'ekyc-cost-guard': { maxGpusPerNamespace: 4 } }),
    );
    const { runner, remove } = await sandboxRunner({
      ...kubernetesTarget({ clusters: sandboxClusters() }),
      policyPackConfigs: [configFile],
    });
    try {
      await expect(
        runner.preview(exampleSiteSpec('policy-ceiling')),
      ).rejects.toMatchObject({
        kind: 'policy',
        message: expect.stringMatching(
          /ekyc-cost-guard.*grants 8 GPUs, above the ceiling of 4 per namespace/s,
        ),
      });
    } finally {
      remove();
      fs.rmSync(path.dirname(configFile), { recursive: true, force: true });
    }
  }, 300_000);
});
