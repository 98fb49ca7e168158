// The runner against the local sandbox, with the real Pulumi CLI and provider.
// Needs `make toolchain` and a running sandbox: scripts/test.sh starts one.
import fs from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { EnvironmentSpec, InfraError } from '@internal/ekyc-domain';
import { EnvironmentRunner, ProgressEvent } from '.';
import {
  exampleSiteSpec,
  namespaceWithPassword,
  sandboxRunner,
} from '../__testUtils__/sandbox';

// Sized from the measured time with a wide margin (a Pulumi operation on the sandbox takes 12 to 20 s idle and three times that with the two cores shared; tests that run several set their own).
jest.setTimeout(180_000);

const secretValue = `db-${Math.random().toString(36).slice(2)}-never-logged`;
const specFor = exampleSiteSpec;

// The password from the caller's secret config, which must never be logged.
const programFor = namespaceWithPassword('runner', () =>
  new pulumi.Config().requireSecret('dbPassword'),
);

describe('EnvironmentRunner against the sandbox', () => {
  let stateDir: string;
  let remove: () => void;
  let runner: EnvironmentRunner;
  const applied: EnvironmentSpec[] = [];

  beforeAll(async () => {
    ({ runner, stateDir, remove } = await sandboxRunner({
      programFor,
      secretConfigFor: () => ({ dbPassword: secretValue }),
      heartbeatMs: 250,
    }));
  });

  afterAll(async () => {
    for (const spec of applied) {
      await runner.destroy(spec).catch(() => undefined);
    }
    remove();
  }, 180_000);

  // Specs are parsed at the edge (the domain's own tests refuse bad ones); what the
  // runner itself refuses, before any stack exists, is a target it does not apply.
  it('refuses a spec of a target it has no settings for before creating any stack', async () => {
    const spec = { ...specFor('runner-bad'), target: 'aws' as const };
    await expect(runner.up(spec)).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining(
        'has target "aws", which is not configured here (configured: kubernetes)',
      ),
    });
    expect(fs.readdirSync(stateDir)).toEqual([]);
  });

  it('reports progress in order with heartbeats, and never the secret', async () => {
    const spec = specFor('runner-progress');
    applied.push(spec);
    const events: ProgressEvent[] = [];
    const result = await runner.up(spec, { onProgress: e => events.push(e) });
    expect(result.outputs).toEqual({ namespace: 'runner-runner-progress' });
    expect(result.changes).toEqual({ create: 5 });

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
      { type: 'summary', changes: { create: 5 } },
    ]);
    expect(JSON.stringify(events)).not.toContain(secretValue);

    const second = await runner.up(spec);
    expect(second.changes).toEqual({ same: 5 });
    // The file backend wrote no metadata sidecar, which a killed process leaves empty.
    const written = fs.readdirSync(stateDir, { recursive: true }).map(String);
    expect(written.some(name => name.endsWith(`${spec.id}.json`))).toBe(true);
    expect(written.filter(name => name.endsWith('.attrs'))).toEqual([]);
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

  it('refuses an operation on a stack another replica holds, naming the holder, and creates nothing', async () => {
    const spec = specFor('runner-held');
    const { runner: replica, remove: removeReplica } = await sandboxRunner({
      programFor,
      stackLocks: {
        tryAcquire: async () => ({ heldBy: 'task 9 (up)' }),
      },
    });
    try {
      await expect(replica.up(spec)).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringContaining(
          'is busy with task 9 (up) in another process',
        ),
      });
      await expect(replica.outputs(spec)).rejects.toMatchObject({
        kind: 'not-found',
      });
    } finally {
      removeReplica();
    }
  });

  it('changes nothing when its signal was aborted before the up began', async () => {
    const spec = specFor('runner-aborted');
    const aborted = AbortSignal.abort();
    await expect(runner.up(spec, { signal: aborted })).rejects.toMatchObject({
      kind: 'cancelled',
    });
    // Not even a stack: the operation stopped before it was given a slot.
    await expect(runner.outputs(spec)).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect(await runner.hasCompletedEnvironment(spec.id)).toBe(false);
  }, 180_000);

  it('destroys the environment and reports what it removed', async () => {
    const spec = specFor('runner-progress');
    const result = await runner.destroy(spec);
    expect(result.changes).toEqual({ delete: 5 });
  }, 180_000);
});
