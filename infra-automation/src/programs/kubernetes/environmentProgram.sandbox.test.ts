// The Kubernetes target end to end: the site and region programs through the runner with
// the real Pulumi CLI and provider against the sandbox, checked with kubectl.
// Needs a running sandbox: scripts/test.sh starts one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  EnvironmentSpec,
  parseEnvironmentSpecYaml,
} from '@internal/ekyc-domain';
import { EnvironmentRunner } from '../../runner';
import {
  clusterFile,
  dhaka,
  exampleSiteSpec,
  SandboxCluster,
  sandboxClusters,
  sandboxRunner,
  sandboxClusterNames,
  singapore,
  toolchainBin,
} from '../../__testUtils__/sandbox';
import { kubernetesTarget, namespaceOf } from '.';

// Sized from the measured time with a wide margin (a Pulumi operation on the sandbox takes 12 to 20 s idle and three times that with the two cores shared; tests that run several set their own).
jest.setTimeout(180_000);

/** kubectl as a cluster's admin; the BD site's in-country cluster unless named. */
const kubectlOn = (cluster: SandboxCluster, ...args: string[]) =>
  spawnSync(
    path.join(toolchainBin, 'kubectl'),
    ['--kubeconfig', clusterFile(cluster, 'kubeconfig'), ...args],
    { encoding: 'utf8' },
  );
const kubectl = (...args: string[]) => kubectlOn(dhaka, ...args);
const kubectlJson = (...args: string[]) => {
  const result = kubectl(...args, '-o', 'json');
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
};
const existsOn = (cluster: SandboxCluster, ...args: string[]) =>
  kubectlOn(cluster, 'get', ...args).status === 0;
const exists = (...args: string[]) => existsOn(dhaka, ...args);

/** Running pods of the namespace by app, with the nodes they run on. */
function podsByApp(
  namespace: string,
  cluster: SandboxCluster = dhaka,
): Record<string, string[]> {
  const result = kubectlOn(
    cluster,
    'get',
    'pods',
    '-n',
    namespace,
    '-o',
    'json',
  );
  if (result.status !== 0) throw new Error(result.stderr);
  const pods = JSON.parse(result.stdout).items;
  const byApp: Record<string, string[]> = {};
  for (const pod of pods) {
    if (pod.status.phase !== 'Running') continue;
    const app = pod.metadata.labels['app.kubernetes.io/name'];
    (byApp[app] ??= []).push(pod.spec.nodeName);
  }
  for (const nodes of Object.values(byApp)) nodes.sort();
  return byApp;
}

const regionSpec = (id: string) => ({
  ...parseEnvironmentSpecYaml(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../examples/region-ap-southeast-1.yaml',
      ),
      'utf8',
    ),
  ),
  id,
});

describe('the Kubernetes target on the sandbox', () => {
  let runner: EnvironmentRunner;
  let stateDir: string;
  let remove: () => void;
  const applied: EnvironmentSpec[] = [];

  beforeAll(async () => {
    ({ runner, stateDir, remove } = await sandboxRunner(
      kubernetesTarget({ clusters: sandboxClusters() }),
    ));
  });

  afterAll(async () => {
    for (const spec of applied) {
      await runner.destroy(spec).catch(() => undefined);
    }
    remove();
  }, 600_000);

  describe('the BD sovereign site', () => {
    const spec = exampleSiteSpec('program-bd');
    const namespace = namespaceOf(spec);

    it('comes up with its pods Running on the site nodes, and prints its outputs', async () => {
      applied.push(spec);
      const result = await runner.up(spec);
      expect(result.outputs).toEqual({
        environmentId: 'program-bd',
        kind: 'sovereign-site',
        namespace,
        apiEndpoint: `nid-api.${namespace}.svc.cluster.local:8080`,
        gpuPool: {
          product: 'NVIDIA-A10',
          nodes: 2,
          gpus: 8,
          allocatableGpus: 8,
          workers: { min: 4, max: 8 },
        },
        database: {
          endpoint: `postgres.${namespace}.svc.cluster.local:5432`,
          engine: 'postgresql',
          role: 'primary',
          storageGi: 100,
        },
        dataLocations: ['database', 'ID images and selfies store'].map(
          store => ({
            store,
            location: {
              type: 'sovereign-site',
              country: 'BD',
              site: 'bd-dhaka-1',
            },
            country: 'BD',
            holdsDataOf: ['BD'],
          }),
        ),
        servesCountries: ['BD'],
      });

      const pods = podsByApp(namespace);
      expect(pods['image-worker']).toHaveLength(4);
      for (const node of pods['image-worker']) {
        expect(node).toMatch(/^gpu-bd-dhaka-1-\d$/);
      }
      expect(pods['nid-api']).toHaveLength(2);
      expect(pods.postgres).toHaveLength(1);
      for (const node of [...pods['nid-api'], ...pods.postgres]) {
        expect(node).toMatch(/^cpu-bd-dhaka-1-\d$/);
      }
      // On the in-country cluster only: nothing of it on Singapore's.
      expect(existsOn(singapore, 'namespace', namespace)).toBe(false);
      const claim = kubectlJson(
        'get',
        'pvc',
        '-n',
        namespace,
        'data-postgres-0',
      );
      expect(claim.status.phase).toBe('Bound');
      expect(claim.spec.volumeName).toBe(`${namespace}-postgres-data`);

      const ns = kubectlJson('get', 'namespace', namespace);
      expect(ns.metadata.labels).toMatchObject({
        'ekyc.io/country': 'BD',
        'ekyc.io/site': 'bd-dhaka-1',
        'ekyc.io/data-residency': 'in-country',
        'backstage.io/kubernetes-id': 'program-bd',
      });
      const quota = kubectlJson(
        'get',
        'resourcequota',
        '-n',
        namespace,
        `${namespace}-quota`,
      );
      expect(quota.status.used['requests.nvidia.com/gpu']).toBe('4');
    }, 600_000);

    it('changes nothing on a second up', async () => {
      const result = await runner.up(spec);
      expect(Object.keys(result.changes)).toEqual(['same']);
    }, 300_000);

    it('reports an out-of-band change as drift, and an up with refresh puts it back', async () => {
      expect((await runner.drift(spec)).drifted).toBe(false);

      const quotaName = `${namespace}-quota`;
      const patch = kubectl(
        'patch',
        'resourcequota',
        '-n',
        namespace,
        quotaName,
        '--type=merge',
        '-p',
        '{"spec":{"hard":{"requests.nvidia.com/gpu":"64"}}}',
      );
      expect(patch.stderr).toBe('');

      const drift = await runner.drift(spec);
      expect(drift.drifted).toBe(true);
      expect(drift.steps).toEqual([
        expect.objectContaining({
          resourceType: 'kubernetes:core/v1:ResourceQuota',
          operation: 'update',
          urn: expect.stringContaining(`${spec.id}-quota`),
        }),
      ]);
      // A drift check changes nothing.
      expect(
        kubectlJson('get', 'resourcequota', '-n', namespace, quotaName).spec
          .hard['requests.nvidia.com/gpu'],
      ).toBe('64');

      await runner.up(spec, { refresh: true });
      expect((await runner.drift(spec)).drifted).toBe(false);
      expect(
        kubectlJson('get', 'resourcequota', '-n', namespace, quotaName).spec
          .hard['requests.nvidia.com/gpu'],
      ).toBe('8');
    }, 600_000);

    it('destroys the site and leaves nothing behind', async () => {
      const result = await runner.destroy(spec);
      expect(Object.keys(result.changes)).toEqual(['delete']);
      expect(exists('namespace', namespace)).toBe(false);
      expect(exists('pv', `${namespace}-postgres-data`)).toBe(false);
    }, 600_000);
  });

  it('refuses a GPU product the cluster lacks at preview, creating nothing', async () => {
    const spec = exampleSiteSpec('program-no-gpu');
    spec.gpuPool.gpuProduct = 'NVIDIA-L40S';
    await expect(runner.preview(spec)).rejects.toMatchObject({
      kind: 'provider',
      message: expect.stringContaining(
        'cluster sandbox-dhaka has no nodes labelled ekyc.io/site=bd-dhaka-1,ekyc.io/country=BD,nvidia.com/gpu.product=NVIDIA-L40S',
      ),
    });
    expect(exists('namespace', namespaceOf(spec))).toBe(false);
  }, 300_000);

  it('refuses a BD site on the Singapore cluster before any stack exists, naming the rule', async () => {
    const spec = { ...exampleSiteSpec('program-abroad'), cluster: singapore };
    await expect(runner.preview(spec)).rejects.toMatchObject({
      kind: 'residency',
      message: expect.stringMatching(
        /cluster: cluster sandbox-singapore \(SG, cloud region ap-southeast-1\) is outside BD: a sovereign site lands only on a cluster in its country, by Bangladesh's rule .*choose one of: sandbox-dhaka/,
      ),
    });
    expect(fs.readdirSync(stateDir).join()).not.toContain('program-abroad');
    for (const cluster of sandboxClusterNames) {
      expect(existsOn(cluster, 'namespace', namespaceOf(spec))).toBe(false);
    }
  }, 300_000);

  it('applies a region through a saved plan, on the region nodes', async () => {
    const spec = regionSpec('program-region');
    applied.push(spec);
    const planFile = path.join(stateDir, 'program-region.plan.json');
    const preview = await runner.preview(spec, { planFile });
    expect(preview.changes.create).toBeGreaterThan(10);
    expect(preview.steps.map(s => s.resourceType)).toContain(
      'kubernetes:apps/v1:Deployment',
    );
    expect(fs.existsSync(planFile)).toBe(true);

    const result = await runner.up(spec, { planFile });
    expect(result.outputs.gpuPool).toEqual({
      product: 'NVIDIA-L4',
      nodes: 4,
      gpus: 32,
      allocatableGpus: 32,
      workers: { min: 16, max: 32 },
    });
    // On the Singapore cluster, and nowhere else.
    const pods = podsByApp(namespaceOf(spec), singapore);
    expect(existsOn(dhaka, 'namespace', namespaceOf(spec))).toBe(false);
    expect(pods['image-worker']).toHaveLength(16);
    for (const node of pods['image-worker']) {
      expect(node).toMatch(/^gpu-ap-southeast-1-\d$/);
    }
    expect(pods['nid-api']).toHaveLength(3);
    await runner.destroy(spec);
    expect(existsOn(singapore, 'namespace', namespaceOf(spec))).toBe(false);
  }, 600_000);
});
