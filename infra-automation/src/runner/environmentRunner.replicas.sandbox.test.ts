// Two runners with nothing on disk between operations, as two portal replicas are,
// sharing one Pulumi backend: a file backend, and Pulumi's PostgreSQL backend on the
// real server where EKYC_TEST_POSTGRES_URL names one (scripts/test.sh sets it when
// 127.0.0.1:5432 answers), in a database created for the test and dropped after it.
// Real Pulumi CLI and provider against the sandbox.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { EnvironmentSpec } from '@internal/ekyc-domain';
import { Client } from 'pg';
import { EnvironmentRunner, findPulumiCommand } from '.';
import {
  clusterFile,
  dhaka,
  exampleSiteSpec,
  namespaceWithPassword,
  toolchainBin,
} from '../__testUtils__/sandbox';

// Sized from the measured time with a wide margin (six Pulumi operations of 12 to 20 s each, three times that with the two cores shared).
jest.setTimeout(600_000);

// As the programs do: the database's password from the generated secret config.
const programFor = namespaceWithPassword('replicas', () =>
  new pulumi.Config('ekyc').requireSecret('databasePassword'),
);

/** The password the running database was given: the Secret on the cluster. */
function runningPassword(spec: EnvironmentSpec): string {
  const encoded = execFileSync(
    path.join(toolchainBin, 'kubectl'),
    [
      '--kubeconfig',
      clusterFile(dhaka, 'kubeconfig'),
      'get',
      'secret',
      'db',
      '-n',
      `replicas-${spec.id}`,
      '-o',
      'jsonpath={.data.password}',
    ],
    { encoding: 'utf8' },
  );
  return Buffer.from(encoded, 'base64').toString('utf8');
}

interface Backend {
  name: string;
  url: string;
  remove(): Promise<void>;
}

async function fileBackend(): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-replicas-'));
  return {
    name: 'a file backend',
    url: `file://${dir}`,
    remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresBackend(adminUrl: string): Promise<Backend> {
  const database = `ekyc_pulumi_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  url.searchParams.set('sslmode', 'disable');
  return {
    name: "Pulumi's PostgreSQL backend",
    url: url.toString(),
    remove: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

const postgresUrl = process.env.EKYC_TEST_POSTGRES_URL;
const backends: Array<[string, () => Promise<Backend>]> = [
  ['file', fileBackend],
  ...(postgresUrl
    ? [
        ['postgres', () => postgresBackend(postgresUrl)] as [
          string,
          () => Promise<Backend>,
        ],
      ]
    : []),
];
if (!postgresUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    "The runner is tested on a file backend only: EKYC_TEST_POSTGRES_URL is not set (scripts/test.sh sets it when a server answers on 127.0.0.1:5432; point it at one to test Pulumi's PostgreSQL backend too)",
  );
}

describe.each(backends)('two replicas on one %s backend', (_kind, create) => {
  let backend: Backend;
  let replicas: EnvironmentRunner[];
  const spec = exampleSiteSpec(`replicas-${_kind}`);

  beforeAll(async () => {
    backend = await create();
    const pulumiCommand = await findPulumiCommand();
    replicas = [1, 2].map(
      () =>
        new EnvironmentRunner({
          pulumiCommand,
          backendUrl: backend.url,
          passphrase: 'sandbox-only',
          targets: { kubernetes: { programFor } },
        }),
    );
  });

  afterAll(async () => {
    await replicas?.[0].destroy(spec).catch(() => undefined);
    await backend?.remove();
  }, 300_000);

  it('applies on one replica the plan the other previewed, for a new stack', async () => {
    const planFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-plan-')),
      'plan.json',
    );
    const preview = await replicas[0].preview(spec, { planFile });
    expect(preview.changes).toEqual({ create: 5 });
    const up = await replicas[1].up(spec, { planFile });
    expect(up.changes).toEqual({ create: 5 });
    fs.rmSync(path.dirname(planFile), { recursive: true, force: true });
  });

  it("keeps the running database's password whichever replica runs the next up", async () => {
    const password = runningPassword(spec);
    expect(password).toMatch(/^[\w-]{32}$/);
    for (const replica of [replicas[0], replicas[1], replicas[0]]) {
      const up = await replica.up(spec);
      expect(up.changes).toEqual({ same: 5 });
      expect(runningPassword(spec)).toBe(password);
    }
  });

  it('keeps no stack settings on disk: a file backend holds only its state and, beside it, the lock records (none once released)', async () => {
    if (!backend.url.startsWith('file://')) return;
    const dir = new URL(backend.url).pathname;
    expect(fs.readdirSync(dir).sort()).toEqual(['.ekyc-locks', '.pulumi']);
    expect(fs.readdirSync(`${dir}/.ekyc-locks`)).toEqual([]);
  });
});

describe('a PostgreSQL backend that cannot be reached', () => {
  it("fails the operation with a message that does not quote the backend's password", async () => {
    const runner = new EnvironmentRunner({
      pulumiCommand: await findPulumiCommand(),
      // Port 1 on loopback: nothing listens there.
      backendUrl:
        'postgres://portal:n0t-for-logs@127.0.0.1:1/state?sslmode=disable',
      passphrase: 'sandbox-only',
      targets: { kubernetes: { programFor } },
    });
    const failure = await runner
      .up(exampleSiteSpec('replicas-unreachable'))
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure).toBeDefined();
    expect(failure!.message).not.toContain('n0t-for-logs');
    expect(failure!.message).toMatch(/replicas-unreachable/);
    // The read-only reader too (the dashboard's and the outputs action's).
    const readFailure = await runner
      .outputs(exampleSiteSpec('replicas-unreachable'))
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(readFailure).toBeDefined();
    expect(readFailure!.message).not.toContain('n0t-for-logs');
    expect(readFailure!.message).toMatch(/replicas-unreachable/);
  });
});
