// Two replicas of the portal as production runs them: NODE_ENV=production,
// app-config.production.yaml with its values from the environment, one PostgreSQL (the
// real server on loopback) for the portal's databases and for Pulumi's state, the test
// sandbox as the cluster. GitHub is played by a local HTTP double that records every
// call (GitHub cannot be reached from here). What the test's own config file changes
// from production, and why: loopback ports, no TLS to the loopback database, GitHub's
// API at the double, and the catalog read from this repo's files instead of a GitHub
// URL, catalog/org.yaml standing in for the GitHub org provider (which the double does
// not answer).
//
// A BD site requested as a ticket and approved on both replicas at once is run once;
// the replica running its `up` is killed with kill -9 mid-apply, and the task completes
// through the other: one successful update, no lock left, the password the database
// was created with, the entity in the catalog, and the issue told the result once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhooks } from '@octokit/webhooks';
import { Client } from 'pg';
import { parse } from 'yaml';
import { startGitHubDouble } from '../plugins/scaffolder-backend-module-ekyc/src/tickets/__testUtils__/githubDouble.ts';
import { amira, bdSiteIssueBody, tanvir } from './bdSiteTicket.mts';
import {
  guestToken,
  startPortalBackend,
  type PortalBackend,
  waitForTemplates,
} from './portalBackend.mts';
import {
  deliverGitHubIssues,
  type GitHubAccount,
  handledDelivery,
  issuesEvent,
} from './ticketDeliveries.mts';
import {
  destroyEnvironment,
  ekycInfra,
  dhaka,
  kubectl,
  sandboxDir,
} from './sandboxEnv.mts';
import { until } from './until.mts';

const adminUrl = process.env.EKYC_TEST_POSTGRES_URL;
const webhookSecret = 'e2e-replicas-webhook-secret';
const suffix = randomBytes(4).toString('hex');
const portalPrefix = `ekyc_test_${suffix}_`;
const pulumiDatabase = `ekyc_pulumi_${suffix}`;
const siteSpec = 'examples/sovereign-site-bd.yaml';
const issueNumber = 41;

let workDir: string;
let github: Awaited<ReturnType<typeof startGitHubDouble>>;
let passphrase: string;
let pulumiBackendUrl: string;
const replicas: PortalBackend[] = [];

async function sql<T = any>(
  database: string,
  query: string,
  values?: unknown[],
) {
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(query, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Production's `${...}` values: everything from the environment, as the chart sets it. */
function productionEnv(): Record<string, string> {
  const sandbox = parse(
    fs.readFileSync(path.join(sandboxDir, 'app-config.sandbox.yaml'), 'utf8'),
  );
  // The BD site's in-country cluster.
  const cluster = sandbox.ekyc.clusters.find(
    (c: { name: string }) => c.name === 'sandbox-dhaka',
  );
  const passphraseFile = path.join(workDir, 'pulumi-passphrase');
  fs.writeFileSync(passphraseFile, passphrase, { mode: 0o600 });
  const database = new URL(adminUrl!);
  return {
    POSTGRES_HOST: database.hostname,
    POSTGRES_PORT: database.port || '5432',
    POSTGRES_USER: decodeURIComponent(database.username),
    POSTGRES_PASSWORD: decodeURIComponent(database.password),
    GITHUB_TOKEN: 'e2e-publish-token',
    GITHUB_COMMENT_TOKEN: 'e2e-comment-token',
    GITHUB_WEBHOOK_SECRET: webhookSecret,
    AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
    AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
    EKYC_PIPELINE_TOKEN: randomBytes(24).toString('base64url'),
    EKYC_GITHUB_ORG: 'ekyc',
    EKYC_PULUMI_BACKEND: pulumiBackendUrl,
    EKYC_PULUMI_PASSPHRASE_FILE: passphraseFile,
    EKYC_KUBECONFIG_FILE: cluster.deployer.kubeconfigFile,
    EKYC_DATABASE_STORAGE: cluster.databaseStorage,
    EKYC_CLUSTER_NAME: cluster.name,
    EKYC_CLUSTER_COUNTRY: cluster.country,
    EKYC_CLUSTER_SITE: cluster.site,
    EKYC_CLUSTER_URL: cluster.url,
    EKYC_CLUSTER_READER_TOKEN: cluster.serviceAccountToken,
    EKYC_CLUSTER_CA_FILE: cluster.caFile,
    EKYC_PROMETHEUS_URL: cluster.prometheusUrl,
  };
}

/** What this machine cannot give production's config (see the header). */
function testOverrides(): string {
  const file = path.join(workDir, 'app-config.replicas.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      backend: {
        database: { prefix: portalPrefix, connection: { ssl: false } },
      },
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.url,
            token: 'e2e-publish-token',
          },
        ],
      },
      catalog: {
        locations: [
          {
            type: 'file',
            target: '../../catalog/org.yaml',
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: '../../catalog-info.yaml',
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Domain',
                  'Template',
                ],
              },
            ],
          },
        ],
      },
    }),
  );
  return file;
}

/** The stack's environment for scripts/ekyc-infra: the replicas' Pulumi backend. */
const cliEnv = () => ({
  EKYC_PULUMI_BACKEND: pulumiBackendUrl,
  PULUMI_CONFIG_PASSPHRASE: passphrase,
});

/** The pids of a process group, from /proc. */
function groupMembers(group: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter(entry => /^\d+$/.test(entry))
    .filter(pid => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return (
          Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === group
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The resident memory of a replica's backend: its largest process, in MiB. */
function backendRssMiB(replica: PortalBackend): number {
  const rss = groupMembers(replica.processGroup).map(pid => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  });
  return Math.round(Math.max(...rss) / 1024);
}

/** The replica whose process group runs a Pulumi process of this BD site's stack. */
function replicaRunningPulumi(): PortalBackend | undefined {
  for (const pid of fs.readdirSync('/proc').filter(e => /^\d+$/.test(e))) {
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    const mark = environ
      .split('\0')
      .find(variable => variable.startsWith('EKYC_RUNNER_OWNER='));
    if (!mark) continue;
    const ownerPid = Number(mark.split('=')[1].split('/')[1]);
    const replica = replicas.find(r =>
      groupMembers(r.processGroup).includes(ownerPid),
    );
    if (replica) return replica;
  }
  return undefined;
}

async function taskOf(replica: PortalBackend, taskId: string) {
  const headers = { authorization: `Bearer ${replica.serviceToken}` };
  const task = await fetch(
    `${replica.baseUrl}/api/scaffolder/v2/tasks/${taskId}`,
    { headers },
  );
  const events = await fetch(
    `${replica.baseUrl}/api/scaffolder/v2/tasks/${taskId}/events`,
    { headers },
  );
  return {
    status: ((await task.json()) as { status: string }).status,
    log: ((await events.json()) as Array<{ body: { message?: string } }>)
      .map(event => (event.body.message ?? '').replace(/\u001b\[[0-9;]*m/g, ''))
      .join('\n'),
  };
}

/** The Secret the BD site's database was created with: its password. */
function databasePassword(): string | undefined {
  const secrets = JSON.parse(
    kubectl(dhaka, ['get', 'secrets', '-n', 'ekyc-bd-dhaka-1', '-o', 'json']),
  ).items as Array<{
    metadata: { name: string };
    data?: { password?: string };
  }>;
  const secret = secrets.find(
    s => s.metadata.name.endsWith('-password') && s.data?.password,
  );
  return secret && Buffer.from(secret.data!.password!, 'base64').toString();
}

const issueEvent = (label: string | undefined, sender: GitHubAccount) =>
  issuesEvent(
    issueNumber,
    bdSiteIssueBody,
    tanvir,
    label ? { action: 'labeled', label: { name: label }, sender } : {},
  );

async function deliver(replica: PortalBackend, id: string, payload: string) {
  const response = await deliverGitHubIssues(
    replica.baseUrl,
    id,
    payload,
    await new Webhooks({ secret: webhookSecret }).sign(payload),
  );
  assert.equal(response.status, 202, await response.text());
}

const issueComments = () =>
  github.calls.filter(
    call =>
      call.method === 'POST' &&
      call.path ===
        `/repos/ekyc/platform-requests/issues/${issueNumber}/comments`,
  );

describe(
  'two production replicas on one PostgreSQL',
  {
    skip: adminUrl
      ? false
      : 'EKYC_TEST_POSTGRES_URL is not set: scripts/test.sh sets it when PostgreSQL answers on 127.0.0.1:5432; point it at a server whose user may create databases to run this',
  },
  () => {
    before(async () => {
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-replicas-'));
      passphrase = randomBytes(24).toString('base64url');
      await sql('postgres', `CREATE DATABASE ${pulumiDatabase}`);
      const backend = new URL(adminUrl!);
      backend.pathname = `/${pulumiDatabase}`;
      backend.searchParams.set('sslmode', 'disable');
      pulumiBackendUrl = backend.toString();
      // The "New sovereign site" template creates a new environment only.
      destroyEnvironment(siteSpec);
      github = await startGitHubDouble();
      const env = productionEnv();
      const overrides = testOverrides();
      // One after the other: the first creates the databases and runs the migrations.
      for (let i = 0; i < 2; i++) {
        replicas.push(
          await startPortalBackend([overrides], { production: true, env }),
        );
      }
    });

    after(async () => {
      await Promise.all(replicas.map(replica => replica.stop()));
      await github?.close();
      try {
        if (pulumiBackendUrl) {
          ekycInfra(['destroy', siteSpec, '--yes'], cliEnv());
        }
      } finally {
        const databases = await sql<{ datname: string }>(
          'postgres',
          'SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2',
          [`${portalPrefix}%`, pulumiDatabase],
        );
        for (const { datname } of databases) {
          await sql('postgres', `DROP DATABASE "${datname}" WITH (FORCE)`);
        }
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    });

    it('serves the catalog and refuses guests', async () => {
      console.log(
        `backend RSS at ready: ${replicas
          .map((replica, i) => `replica ${i + 1} ${backendRssMiB(replica)} MiB`)
          .join(', ')}`,
      );
      for (const replica of replicas) {
        await waitForTemplates(replica.baseUrl, replica.serviceToken);
        await assert.rejects(
          guestToken(replica.baseUrl),
          /guest sign-in failed: 404/,
        );
        const anonymous = await fetch(
          `${replica.baseUrl}/api/catalog/entities?limit=1`,
        );
        assert.equal(anonymous.status, 401);
      }
    });

    it('runs a ticket approved on both replicas at once once, and completes it through the other replica when the one running its up is killed', async () => {
      const [first, second] = replicas;
      await deliver(first, 'replicas-filed', issueEvent(undefined, tanvir));
      await deliver(second, 'replicas-preview', issueEvent('preview', amira));
      await until(issueComments, comments => comments.length >= 2, 120_000);
      assert.match(
        issueComments()[1]?.body.body ?? '',
        /^Preview with the policy pack/,
      );

      // The same approval reaches both replicas at the same moment.
      await Promise.all([
        deliver(first, 'replicas-approved-1', issueEvent('approved', amira)),
        deliver(second, 'replicas-approved-2', issueEvent('approved', amira)),
      ]);
      const outcomes = await Promise.all([
        handledDelivery(first.logFile, 'replicas-approved-1'),
        handledDelivery(second.logFile, 'replicas-approved-2'),
      ]);
      const started = outcomes.filter(line =>
        /"taskId":"[0-9a-f-]{36}"/.test(line),
      );
      assert.equal(started.length, 1, outcomes.join('\n'));
      assert.equal(
        outcomes.filter(line =>
          /a run was started for this ticket already/.test(line),
        ).length,
        1,
        outcomes.join('\n'),
      );
      const taskId = /"taskId":"([0-9a-f-]{36})"/.exec(started[0])![1];

      // Killed once the apply has created resources, the database's password among them.
      const running = await until(
        async () => {
          const { status, log } = await taskOf(first, taskId);
          const apply = log.indexOf('Beginning step Apply');
          const applying =
            apply >= 0 && /ok +create +kubernetes:/.test(log.slice(apply));
          let password: string | undefined;
          try {
            password = applying ? databasePassword() : undefined;
          } catch {
            // the namespace is not there yet
          }
          return { status, password, replica: replicaRunningPulumi() };
        },
        ({ status, password, replica }) =>
          status !== 'processing' ||
          (password !== undefined && replica !== undefined),
        300_000,
      );
      assert.equal(running.status, 'processing');
      assert.ok(running.replica, 'no replica runs Pulumi for the task');
      const killedAt = Date.now();
      await running.replica.kill();
      const survivor = replicas.find(replica => replica !== running.replica)!;

      const ended = await until(
        () => taskOf(survivor, taskId),
        ({ status }) => ['completed', 'failed', 'cancelled'].includes(status),
        600_000,
        2000,
      );
      console.log(
        `kill -9 of the replica running the up to the task completed on the other: ${Math.round(
          (Date.now() - killedAt) / 1000,
        )} s`,
      );
      assert.equal(ended.status, 'completed', ended.log);
      assert.match(
        ended.log,
        /Task recovered - resuming from last known good state/,
      );
      assert.match(
        ended.log,
        /died holding ekyc-environments\/bd-dhaka-1; cleared its lock and \d+ pending operation/,
      );

      // One successful update in the stack's history; nothing locked.
      const history = await sql<{ key: string; data: any }>(
        pulumiDatabase,
        "SELECT key, data FROM pulumi_state WHERE key LIKE '%history%bd-dhaka-1%'",
      );
      // Each value is {"data": <the file's bytes, base64>}.
      const updates = history
        .filter(({ key }) => key.endsWith('.history.json'))
        .map(({ data }) =>
          JSON.parse(Buffer.from(data.data, 'base64').toString()),
        )
        .map(({ kind, result }) => `${kind} ${result}`);
      assert.equal(
        updates.filter(update => update === 'update succeeded').length,
        1,
        updates.join(', '),
      );
      const pulumiLocks = await sql(
        pulumiDatabase,
        "SELECT key FROM pulumi_state WHERE key LIKE '%/locks/%'",
      );
      assert.deepEqual(pulumiLocks, []);
      const portalLocks = await sql(
        `${portalPrefix}scaffolder`,
        'SELECT stack_ref, holder FROM ekyc_stack_lock_holders',
      );
      assert.deepEqual(portalLocks, []);

      // The database keeps the password it was created with.
      assert.equal(databasePassword(), running.password);

      // The entity is in the portal's catalog, the issue told the result once.
      const entity = await until(
        async () =>
          (
            await fetch(
              `${survivor.baseUrl}/api/catalog/entities/by-name/resource/ekyc-environments/bd-dhaka-1`,
              { headers: { authorization: `Bearer ${survivor.serviceToken}` } },
            )
          ).status,
        status => status === 200,
        60_000,
      );
      assert.equal(entity, 200);
      const results = await until(
        () =>
          issueComments().filter(c => /^The run completed\./.test(c.body.body)),
        found => found.length > 0,
        120_000,
      );
      // Long enough for a second report to have been posted, had one been owed.
      await new Promise(resolve => setTimeout(resolve, 15_000));
      assert.equal(
        issueComments().filter(c =>
          /^The run (completed|failed)/.test(c.body.body),
        ).length,
        1,
        JSON.stringify(results.map(c => c.body.body)),
      );
    });
  },
);
