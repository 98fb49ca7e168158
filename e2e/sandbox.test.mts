// The toolchain and the local sandbox, for real: the Pulumi CLI built from pinned Go
// modules drives an Automation API inline program with @pulumi/kubernetes against the
// sandbox's API server, and kwok runs the GPU pod on a simulated GPU node.
// Needs `make toolchain` and a running sandbox (scripts/test.sh starts one).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import { automation } from '@pulumi/pulumi';
import {
  clusterFile,
  dhaka,
  registeredCluster,
  requiredEnv,
  type SandboxCluster,
  sandboxClusterNames,
  singapore,
  toolchainBin,
} from './sandboxEnv.mts';

const { LocalWorkspace, PulumiCommand } = automation;
type Stack = automation.Stack;

const repoRoot = path.resolve(import.meta.dirname, '..');

function kubectl(cluster: SandboxCluster, ...args: string[]): any {
  const out = execFileSync(
    path.join(toolchainBin, 'kubectl'),
    ['--kubeconfig', clusterFile(cluster, 'kubeconfig'), ...args, '-o', 'json'],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out);
}

// The npm pins of the package that runs Pulumi programs.
const npmPins = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'infra-automation/package.json'), 'utf8'),
).dependencies;

describe('toolchain', () => {
  it('builds the Pulumi CLI at the version of the @pulumi/pulumi npm package', () => {
    const version = execFileSync(
      path.join(toolchainBin, 'pulumi'),
      ['version'],
      { encoding: 'utf8' },
    ).trim();
    assert.equal(version, `v${npmPins['@pulumi/pulumi']}`);
  });

  it('installs pulumi-resource-kubernetes at the version of @pulumi/kubernetes', () => {
    const plugins = JSON.parse(
      execFileSync(
        path.join(toolchainBin, 'pulumi'),
        ['plugin', 'ls', '--json'],
        { encoding: 'utf8' },
      ),
    );
    const kubernetes = plugins.filter(
      (p: any) => p.name === 'kubernetes' && p.kind === 'resource',
    );
    assert.deepEqual(
      kubernetes.map((p: any) => p.version),
      [npmPins['@pulumi/kubernetes']],
    );
  });

  it('builds the control plane at one Kubernetes release that the server reports', () => {
    const want = requiredEnv('EKYC_KUBERNETES_VERSION');
    const client = kubectl(singapore, 'version', '--client');
    assert.equal(client.clientVersion.gitVersion, want);
    for (const cluster of sandboxClusterNames) {
      assert.equal(kubectl(cluster, 'version').serverVersion.gitVersion, want);
    }
  });
});

function runUp(env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('bash', [path.join(repoRoot, 'scripts/sandbox/up.sh')], {
    encoding: 'utf8',
    env,
  });
}

describe('sandbox', () => {
  it('starts nothing twice: a second up finds every component running', () => {
    const result = runUp();
    assert.equal(result.status, 0, result.stderr);
    for (const cluster of sandboxClusterNames) {
      for (const component of [
        'etcd',
        'kube-apiserver',
        'kwok',
        'prometheus',
      ]) {
        assert.match(
          result.stderr,
          new RegExp(`${cluster}: ${component} already running`),
        );
      }
    }
    assert.doesNotMatch(result.stderr, /starting /);
  });

  it('removes a stale pid file and refuses a port held by another process', async () => {
    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'ekyc-sandbox-conflict-'),
    );
    const blocker = net.createServer();
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    // A pid that surely is not etcd any more: a process that has exited.
    const gone = spawnSync('true');
    fs.mkdirSync(path.join(dir, 'pids'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, `pids/${singapore}.etcd.pid`),
      String(gone.pid),
    );
    try {
      // etcd is the first cluster's base + 1.
      const result = runUp({
        ...process.env,
        EKYC_SANDBOX_DIR: dir,
        EKYC_SANDBOX_1_PORT_BASE: String(port - 1),
      });
      assert.notEqual(result.status, 0);
      assert.match(
        result.stderr,
        /sandbox-singapore: etcd: removing stale pid file/,
      );
      assert.match(
        result.stderr,
        new RegExp(
          `port 127.0.0.1:${port} is in use by a process the sandbox did not start; stop it or set EKYC_SANDBOX_1_PORT_BASE to a free range`,
        ),
      );
      assert.deepEqual(fs.readdirSync(path.join(dir, 'pids')), []);
    } finally {
      blocker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every component healthy', () => {
    execFileSync('bash', [path.join(repoRoot, 'scripts/sandbox/status.sh')], {
      stdio: 'pipe',
    });
  });

  it("runs two clusters, each with its own site's GPU fleet, a site's nodes tainted for it", () => {
    const gpuNodes = (cluster: SandboxCluster) =>
      kubectl(cluster, 'get', 'nodes', '-l', 'nvidia.com/gpu.present=true')
        .items;
    const bySite = new Map<
      string,
      { cluster: string; nodes: number; gpus: number; product: string }
    >();
    const sgNodes = gpuNodes(singapore);
    const bdNodes = gpuNodes(dhaka);
    for (const node of [...sgNodes, ...bdNodes]) {
      const cluster = sgNodes.includes(node) ? singapore : dhaka;
      const site = node.metadata.labels['ekyc.io/site'];
      const entry = bySite.get(site) ?? {
        cluster,
        nodes: 0,
        gpus: 0,
        product: node.metadata.labels['nvidia.com/gpu.product'],
      };
      entry.nodes += 1;
      entry.gpus += Number(node.status.capacity['nvidia.com/gpu']);
      bySite.set(site, entry);
      const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
      assert.equal(ready?.status, 'True', `${node.metadata.name} is not Ready`);
      assert.deepEqual(node.spec.taints, [
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
        ...(site === 'bd-dhaka-1'
          ? [{ key: 'ekyc.io/site', value: site, effect: 'NoSchedule' }]
          : []),
      ]);
    }
    assert.deepEqual(Object.fromEntries(bySite), {
      'ap-southeast-1': {
        cluster: singapore,
        nodes: 4,
        gpus: 32,
        product: 'NVIDIA-L4',
      },
      'bd-dhaka-1': {
        cluster: dhaka,
        nodes: 2,
        gpus: 8,
        product: 'NVIDIA-A10',
      },
    });
    // The site's general nodes are its own too; Singapore's are anyone's.
    for (const node of kubectl(dhaka, 'get', 'nodes').items) {
      assert.ok(
        node.spec.taints?.some((t: any) => t.key === 'ekyc.io/site'),
        node.metadata.name,
      );
    }
    assert.ok(
      kubectl(singapore, 'get', 'nodes').items.every(
        (node: any) =>
          !node.spec.taints?.some((t: any) => t.key === 'ekyc.io/site'),
      ),
    );
  });

  it("lets the portal read each cluster through its read-only token, and not write, and not with another cluster's", () => {
    // `kubectl auth can-i` prints yes or no and exits 1 for no.
    const asReader = (
      cluster: SandboxCluster,
      token: string,
      verb: string,
      resource: string,
    ) => {
      const { url, caFile } = registeredCluster(cluster);
      const result = spawnSync(
        path.join(toolchainBin, 'kubectl'),
        // Only the token: the admin kubeconfig's client certificate would win.
        [
          '--kubeconfig=/dev/null',
          `--server=${url}`,
          `--certificate-authority=${caFile}`,
          `--token=${token}`,
          'auth',
          'can-i',
          verb,
          resource,
        ],
        { encoding: 'utf8' },
      );
      return result.stdout.trim() || result.stderr.trim();
    };
    for (const cluster of sandboxClusterNames) {
      const token = registeredCluster(cluster).serviceAccountToken;
      assert.equal(asReader(cluster, token, 'list', 'nodes'), 'yes');
      assert.equal(asReader(cluster, token, 'list', 'pods'), 'yes');
      assert.equal(asReader(cluster, token, 'create', 'deployments'), 'no');
      assert.equal(asReader(cluster, token, 'delete', 'nodes'), 'no');
    }
    // Each cluster signs its own tokens: Singapore's opens nothing in Dhaka.
    assert.match(
      asReader(
        dhaka,
        registeredCluster(singapore).serviceAccountToken,
        'list',
        'pods',
      ),
      /Unauthorized|must be logged in/,
    );
  });
});

describe('Pulumi Automation API against the sandbox', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-pulumi-state-'));
  const namespace = `gpu-smoke-${process.pid}`;
  let stack: Stack;

  const program = async () => {
    const provider = new k8s.Provider('sandbox', {
      kubeconfig: fs.readFileSync(
        clusterFile(singapore, 'kubeconfig-pulumi'),
        'utf8',
      ),
    });
    const ns = new k8s.core.v1.Namespace(
      'ns',
      { metadata: { name: namespace } },
      { provider },
    );
    const labels = { 'app.kubernetes.io/name': 'gpu-smoke' };
    const deployment = new k8s.apps.v1.Deployment(
      'gpu-smoke',
      {
        metadata: { namespace: ns.metadata.name, name: 'gpu-smoke' },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
              tolerations: [
                {
                  key: 'nvidia.com/gpu',
                  operator: 'Exists',
                  effect: 'NoSchedule',
                },
              ],
              containers: [
                {
                  name: 'worker',
                  image: 'registry.invalid/ekyc/image-preprocess:1.0.0',
                  resources: { limits: { 'nvidia.com/gpu': '1' } },
                },
              ],
            },
          },
        },
      },
      // Fail in minutes, not Pulumi's default ten, when the pod never becomes ready.
      { provider, customTimeouts: { create: '3m', update: '3m' } },
    );
    return {
      namespace: ns.metadata.name,
      deployment: deployment.metadata.name,
    };
  };

  before(async () => {
    const pulumiCommand = await PulumiCommand.get({
      root: path.dirname(toolchainBin),
      skipVersionCheck: false,
    });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: 'sandbox', projectName: 'ekyc-toolchain-smoke', program },
      {
        pulumiCommand,
        projectSettings: {
          name: 'ekyc-toolchain-smoke',
          runtime: 'nodejs',
          backend: { url: `file://${stateDir}` },
        },
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: 'sandbox-only',
          PULUMI_SKIP_UPDATE_CHECK: 'true',
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
          PULUMI_HOME: requiredEnv('PULUMI_HOME'),
        },
      },
    );
  });

  after(async () => {
    // Leave nothing behind even when a test failed half-way.
    await stack?.destroy().catch(() => undefined);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('creates a namespace and a GPU Deployment whose pod runs on a GPU node', async () => {
    const result = await stack.up();
    assert.equal(result.summary.result, 'succeeded');
    assert.equal(result.outputs.namespace.value, namespace);
    const pods = kubectl(singapore, '-n', namespace, 'get', 'pods').items;
    assert.equal(pods.length, 1);
    assert.equal(pods[0].status.phase, 'Running');
    const node = kubectl(singapore, 'get', 'node', pods[0].spec.nodeName);
    assert.equal(node.metadata.labels['nvidia.com/gpu.product'], 'NVIDIA-L4');
    assert.equal(
      pods[0].spec.containers[0].resources.limits['nvidia.com/gpu'],
      '1',
    );
  });

  it('reports no changes on a second up', async () => {
    const result = await stack.up();
    const changes = result.summary.resourceChanges ?? {};
    assert.deepEqual(Object.keys(changes), ['same'], JSON.stringify(changes));
  });

  it('destroys everything it created', async () => {
    const result = await stack.destroy();
    assert.equal(result.summary.result, 'succeeded');
    const namespaces = kubectl(singapore, 'get', 'namespaces').items.map(
      (n: any) => n.metadata.name,
    );
    assert.ok(!namespaces.includes(namespace), `${namespace} still exists`);
  });
});
