// A portal killed (kill -9 of its process group, Pulumi's processes with it) while a
// sovereign site's up runs, and started again on the same database: the scaffolder's
// task recovery takes the task up, the runner clears what the killed apply left, the
// approved plan resumes without a new approval, and the site is applied and registered.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bdSiteForm } from './bdSiteForm.mts';
import { decidePlanOf } from './planApprovals.mts';
import {
  guestToken,
  startPortalBackend,
  type PortalBackend,
  waitForTemplates,
} from './portalBackend.mts';
import {
  destroyEnvironment,
  dhaka,
  kubectl,
  sandboxDir,
} from './sandboxEnv.mts';

const approver = 'user:default/amira.rahman';
let databaseDir: string;
let databaseConfig: string;
let portal: PortalBackend | undefined;

/** A backend on the sandbox whose SQLite databases are files that outlive it. */
const startPortal = () =>
  startPortalBackend([
    path.join(sandboxDir, 'app-config.sandbox.yaml'),
    databaseConfig,
  ]);

async function api(method: string, route: string, body?: unknown) {
  const res = await fetch(`${portal!.baseUrl}/api${route}`, {
    method,
    headers: {
      authorization: `Bearer ${await guestToken(portal!.baseUrl)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function taskUntil(
  id: string,
  done: (status: string, log: string[]) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await api('GET', `/scaffolder/v2/tasks/${id}`);
    const log = (await api('GET', `/scaffolder/v2/tasks/${id}/events`))
      .map((e: any) => e.body?.message)
      .filter(Boolean)
      .map((m: string) => m.replace(/\u001b\[[0-9;]*m/g, ''));
    if (done(status, log)) return { status: status as string, log };
    if (Date.now() > deadline) {
      throw new Error(`task ${id} is ${status}:\n${log.join('\n')}`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

before(async () => {
  databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-e2e-db-'));
  databaseConfig = path.join(databaseDir, 'app-config.database.json');
  fs.writeFileSync(
    databaseConfig,
    JSON.stringify({
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory: databaseDir },
        },
      },
    }),
  );
  // The "New sovereign site" template creates a new environment only.
  destroyEnvironment('examples/sovereign-site-bd.yaml');
});

after(async () => {
  await portal?.stop();
  destroyEnvironment('examples/sovereign-site-bd.yaml');
  fs.rmSync(databaseDir, { recursive: true, force: true });
});

describe('a portal killed during an up', () => {
  it('takes the task up again after a restart, and the site comes up once', async () => {
    portal = await startPortal();
    await waitForTemplates(portal.baseUrl, await guestToken(portal.baseUrl));
    const { id } = await api('POST', '/scaffolder/v2/tasks', {
      templateRef: 'template:default/sovereign-site',
      values: bdSiteForm,
    });
    const plan = await decidePlanOf(portal.baseUrl, id, approver);
    await taskUntil(
      id,
      (status, log) => {
        const apply = log.indexOf('Beginning step Apply');
        return (
          status !== 'processing' ||
          (apply >= 0 &&
            log.slice(apply).some(line => /ok +create +kubernetes:/.test(line)))
        );
      },
      300_000,
    );
    await portal.kill();

    portal = await startPortal();
    // Taken up once its heartbeat is 30 s old (the recovery loop looks every 10 s).
    const { status, log } = await taskUntil(
      id,
      current => ['completed', 'failed', 'cancelled'].includes(current),
      600_000,
    );
    const text = log.join('\n');
    assert.equal(status, 'completed', text);
    assert.match(text, /Task recovered - resuming from last known good state/);
    assert.match(
      text,
      new RegExp(
        `plan ${plan.id} of bd-dhaka-1 was being applied when this task stopped: the apply resumes`,
      ),
    );
    assert.match(
      text,
      /died holding ekyc-environments\/bd-dhaka-1; cleared its lock and \d+ pending operation/,
    );
    const workers = JSON.parse(
      kubectl(dhaka, [
        'get',
        'pods',
        '-n',
        'ekyc-bd-dhaka-1',
        '-l',
        'app.kubernetes.io/name=image-worker',
        '-o',
        'json',
      ]),
    ).items;
    assert.ok(workers.length >= 4, `${workers.length} GPU workers`);
  });
});
