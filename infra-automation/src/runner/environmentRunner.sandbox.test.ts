// The runner against the local sandbox, with the real Pulumi CLI and provider.
// Needs `make toolchain` and a running sandbox: scripts/test.sh starts one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  EnvironmentRunner,
  findPulumiCommand,
  InfraError,
  ProgressEvent,
} from '.';
import { EnvironmentSpec, parseEnvironmentSpecYaml } from '../spec';

const sandboxDir = process.env.EKYC_SANDBOX_DIR;
if (!sandboxDir || !process.env.EKYC_TOOLCHAIN_BIN) {
  throw new Error(
    'EKYC_SANDBOX_DIR and EKYC_TOOLCHAIN_BIN are not set: run this through `make test`, or `make sandbox-up` and source scripts/sandbox/lib.sh',
  );
}

const secretValue = `db-${Math.random().toString(36).slice(2)}-never-logged`;
const baseSpec = parseEnvironmentSpecYaml(
  fs.readFileSync(
    path.resolve(__dirname, '../../../examples/sovereign-site-bd.yaml'),
    'utf8',
  ),
);
const specFor = (id: string) => ({ ...baseSpec, id });

// A small program: the environment's namespace and a secret from stack config.
const programFor = (spec: EnvironmentSpec) => async () => {
  const provider = new k8s.Provider('sandbox', {
    kubeconfig: fs.readFileSync(
      path.join(sandboxDir, 'kubeconfig-pulumi'),
      'utf8',
    ),
  });
  const ns = new k8s.core.v1.Namespace(
    'site',
    {
      metadata: {
        name: `runner-${spec.id}`,
        labels: { 'ekyc.io/country': 'BD' },
      },
    },
    { provider },
  );
  const secret = new k8s.core.v1.Secret(
    'db',
    {
      metadata: { namespace: ns.metadata.name, name: 'db' },
      stringData: { password: new pulumi.Config().requireSecret('dbPassword') },
    },
    { provider },
  );
  return {
    namespace: ns.metadata.name,
    secretName: pulumi.secret(secret.metadata.name),
  };
};

describe('EnvironmentRunner against the sandbox', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-runner-'));
  let runner: EnvironmentRunner;
  const applied: unknown[] = [];

  beforeAll(async () => {
    runner = new EnvironmentRunner({
      pulumiCommand: await findPulumiCommand(),
      backendUrl: `file://${stateDir}`,
      passphrase: 'sandbox-only',
      programFor,
      secretConfigFor: () => ({ dbPassword: secretValue }),
      heartbeatMs: 250,
    });
  });

  afterAll(async () => {
    for (const spec of applied) {
      await runner.destroy(spec).catch(() => undefined);
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 180_000);

  it('refuses an invalid spec before creating any stack', async () => {
    const bad = {
      ...specFor('runner-bad'),
      database: {
        ...baseSpec.database,
        replicateTo: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
      },
    };
    await expect(runner.up(bad)).rejects.toMatchObject({ kind: 'residency' });
    expect(fs.readdirSync(stateDir)).toEqual([]);
  });

  it('reports progress in order with heartbeats, and never the secret', async () => {
    const spec = specFor('runner-progress');
    applied.push(spec);
    const events: ProgressEvent[] = [];
    const result = await runner.up(spec, { onProgress: e => events.push(e) });
    expect(result.outputs).toEqual({ namespace: 'runner-runner-progress' });
    expect(result.changes).toEqual({ create: 4 });

    const namespaceEvents = events.filter(
      e =>
        e.type === 'resource' &&
        e.resourceType === 'kubernetes:core/v1:Namespace',
    );
    expect(namespaceEvents.map(e => e.type === 'resource' && e.status)).toEqual(
      ['started', 'done'],
    );
    expect(events.some(e => e.type === 'heartbeat')).toBe(true);
    expect(events.filter(e => e.type === 'summary')).toEqual([
      { type: 'summary', changes: { create: 4 } },
    ]);
    expect(JSON.stringify(events)).not.toContain(secretValue);

    const second = await runner.up(spec);
    expect(second.changes).toEqual({ same: 4 });
  }, 180_000);

  it('gives one success and one conflict for two concurrent ups on one stack', async () => {
    const spec = specFor('runner-conflict');
    applied.push(spec);
    const results = await Promise.allSettled([
      runner.up(spec),
      runner.up(spec),
    ]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(InfraError);
    expect(rejected.reason.kind).toBe('conflict');
    expect(rejected.reason.message).toMatch(/is busy with "up"/);
  }, 180_000);

  it('destroys the environment and reports what it removed', async () => {
    const spec = specFor('runner-progress');
    const result = await runner.destroy(spec);
    expect(result.changes).toEqual({ delete: 4 });
  }, 180_000);
});
