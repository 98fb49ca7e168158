// The ticket webhook in the started portal with the test sandbox's config: signed GitHub
// `issues` deliveries reach the events backend's /api/events/http/github, forms are read against
// the templates as the catalog holds them, approvals are checked against the catalog's
// groups, the run goes through the real scaffolder to the sandbox, and every comment goes
// to GitHub's REST API, played by a local HTTP double that records every call (GitHub
// cannot be reached from here).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhooks } from '@octokit/webhooks';
import { startGitHubDouble } from '../plugins/scaffolder-backend-module-ekyc/src/tickets/__testUtils__/githubDouble.ts';
import {
  amira,
  bdSiteAnswers,
  bdSiteIssueBody,
  tanvir,
} from './bdSiteTicket.mts';
import {
  deliverGitHubIssues,
  type GitHubAccount,
  handledDelivery,
  issuesEvent,
  jsonDeliveryOutcome,
  postJsonTicket,
} from './ticketDeliveries.mts';
import { startPortalBackend, type PortalBackend } from './portalBackend.mts';
import {
  destroyEnvironment,
  dhaka,
  kubectl,
  sandboxDir,
} from './sandboxEnv.mts';
import { until } from './until.mts';

const secret = 'e2e-webhook-secret';
let github: Awaited<ReturnType<typeof startGitHubDouble>>;
let portal: PortalBackend;
let workDir: string;

const deliver = (deliveryId: string, payload: string, signature: string) =>
  deliverGitHubIssues(portal.baseUrl, deliveryId, payload, signature);

const payload = issuesEvent(
  12,
  '### Country\n\nVN\n\n### Site id\n\nHanoi 1\n\n### Countries served\n\nVN',
  tanvir,
);

const labelled = (label: string, sender: GitHubAccount) =>
  issuesEvent(21, bdSiteIssueBody, tanvir, {
    action: 'labeled',
    label: { name: label },
    sender,
  });
const approval = (sender: GitHubAccount) => labelled('approved', sender);

const sign = (body: string) => new Webhooks({ secret }).sign(body);

describe('the ticket webhook in the portal (GitHub played by a local HTTP double)', () => {
  before(async () => {
    // Earlier suites created the BD site; a ticket for a new site needs it gone.
    destroyEnvironment('examples/sovereign-site-bd.yaml');
    github = await startGitHubDouble();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-tickets-'));
    const configFile = path.join(workDir, 'app-config.tickets.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        integrations: {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: github.url,
              token: 'e2e-ticket-bot',
            },
          ],
        },
        events: { modules: { github: { webhookSecret: secret } } },
        ekyc: { tickets: { json: { secret } } },
      }),
    );
    portal = await startPortalBackend([
      path.join(sandboxDir, 'app-config.sandbox.yaml'),
      configFile,
    ]);
    // The catalog reads the templates in the background.
    await until(
      async () =>
        (
          await fetch(
            `${portal.baseUrl}/api/catalog/entities/by-name/template/default/sovereign-site`,
            { headers: { authorization: `Bearer ${portal.serviceToken}` } },
          )
        ).ok,
      found => found,
      120_000,
    );
  });

  after(async () => {
    await portal?.stop();
    await github?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('refuses a forged delivery and calls nobody', async () => {
    const forged = await new Webhooks({ secret: 'not-ours' }).sign(payload);
    const response = await deliver('e2e-forged', payload, forged);
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { message: 'invalid signature' });
    assert.deepEqual(github.calls, []);
  });

  it('comments the bad fields of a filed form once, however often it is delivered', async () => {
    const signature = await sign(payload);
    for (let delivery = 0; delivery < 2; delivery++) {
      assert.equal(
        (await deliver('e2e-delivery-1', payload, signature)).status,
        202,
      );
    }
    await handledDelivery(portal.logFile, 'e2e-delivery-1');
    assert.equal(github.calls.length, 1);
    assert.equal(
      github.calls[0].path,
      '/repos/ekyc/platform-requests/issues/12/comments',
    );
    const comment: string = github.calls[0].body.body;
    assert.match(
      comment,
      /- \*\*Site id\*\* \(`site`\): "Hanoi 1" does not match/,
    );
    assert.match(comment, /- \*\*Owner\*\* \(`owner`\): is required/);
  });

  it('ignores an approval label from someone outside the owning group, saying why', async () => {
    github.calls.splice(0);
    const body = approval(tanvir);
    const response = await deliver(
      'e2e-label-outsider',
      body,
      await sign(body),
    );
    assert.equal(response.status, 202);
    assert.equal(github.calls.length, 1);
    assert.match(
      github.calls[0].body.body,
      /label from @tanvir-h is ignored: approvals come from members of group:default\/platform-team/,
    );
  });

  it('runs an approved request to a completed site, telling the issue its story, once', async () => {
    github.calls.splice(0);
    // Filed by a country operator: the values read back; a preview waits for a member.
    const filed = issuesEvent(21, bdSiteIssueBody, tanvir);
    assert.equal(
      (await deliver('e2e-filed', filed, await sign(filed))).status,
      202,
    );
    const askedForPreview = labelled('preview', amira);
    assert.equal(
      (
        await deliver(
          'e2e-preview',
          askedForPreview,
          await sign(askedForPreview),
        )
      ).status,
      202,
    );
    await until(
      () => github.calls.length,
      count => count >= 2,
      60_000,
    );
    assert.match(
      github.calls[0].body.body,
      /valid request for \*\*sovereign-site\*\*/,
    );
    assert.match(github.calls[0].body.body, /adds the `preview` label/);
    assert.match(
      github.calls[1].body.body,
      /^Preview with the policy pack: \d+ to /,
    );
    assert.match(github.calls[1].body.body, /cost/);
    assert.match(github.calls[1].body.body, /Previewed form: `sha256:/);
    const body = approval(amira);
    const response = await deliver(
      'e2e-label-approved',
      body,
      await sign(body),
    );
    assert.equal(response.status, 202);
    const started = await handledDelivery(portal.logFile, 'e2e-label-approved');
    const taskId = /"taskId":"([0-9a-f-]{36})"/.exec(started)?.[1];
    assert.ok(taskId, started);
    // A second approval (another delivery) starts nothing.
    const again = approval(amira);
    await deliver('e2e-label-again', again, await sign(again));
    assert.match(
      await handledDelivery(portal.logFile, 'e2e-label-again'),
      /a run was started for this ticket already/,
    );

    await until(
      () => github.calls.some(c => c.method === 'PATCH'),
      closed => closed,
      300_000,
      2000,
    );
    const story = github.calls.map(c => `${c.method} ${c.path}`);
    assert.deepEqual(
      story,
      [
        'POST /repos/ekyc/platform-requests/issues/21/comments',
        'POST /repos/ekyc/platform-requests/issues/21/comments',
        'POST /repos/ekyc/platform-requests/issues/21/comments',
        'POST /repos/ekyc/platform-requests/issues/21/comments',
        'POST /repos/ekyc/platform-requests/issues/21/labels',
        'PATCH /repos/ekyc/platform-requests/issues/21',
      ],
      JSON.stringify(
        github.calls.map(c => c.body),
        null,
        1,
      ),
    );
    assert.match(
      github.calls[2].body.body,
      new RegExp(
        `Approved by @amira-rahman \\(user:default/amira.rahman\\) for the previewed form \`sha256:[0-9a-f]{64}\`, requested by @tanvir-h\\. Running \\*\\*sovereign-site\\*\\*: .*/create/tasks/${taskId}`,
      ),
    );
    assert.match(github.calls[3].body.body, /^The run completed\./);
    assert.deepEqual(github.calls[4].body, { labels: ['done'] });
    assert.equal(github.calls[5].body.state, 'closed');
    // The site is there: its namespace on the sandbox.
    assert.match(
      kubectl(dhaka, ['get', 'namespace', 'ekyc-bd-dhaka-1', '-o', 'name']),
      /ekyc-bd-dhaka-1/,
    );
    // Its plan was applied as approved by the label's member, for the author's request.
    const events = (await (
      await fetch(
        `${portal.baseUrl}/api/scaffolder/v2/tasks/${taskId}/events`,
        {
          headers: { authorization: `Bearer ${portal.serviceToken}` },
        },
      )
    ).json()) as Array<{ body: { message?: string } }>;
    assert.match(
      events.map(event => event.body.message ?? '').join('\n'),
      /plan \S+ of bd-dhaka-1: requested by user:default\/tanvir\.hossain, approved by user:default\/amira\.rahman \(ticket https:\/\/github\.com\/ekyc\/platform-requests\/issues\/21, form sha256:[0-9a-f]{64}\)/,
    );
  });

  it('runs a request approved through the JSON intake once; for a site that exists it stops at preview, naming it', async () => {
    const post = (deliveryId: string, event: object) =>
      postJsonTicket(portal.baseUrl, secret, deliveryId, event);
    const approved = {
      ticket: 'https://servicedesk.example/tickets/OPS-9',
      template: 'sovereign-site',
      event: 'approved',
      answers: bdSiteAnswers,
      requestedBy: 'user:default/tanvir.hossain',
      approvedBy: 'user:default/amira.rahman',
    };
    const response = await post('json-1', approved);
    assert.equal(response.status, 202, await response.clone().text());
    assert.deepEqual(await response.json(), { status: 'accepted' });
    const started = await jsonDeliveryOutcome(portal.baseUrl, secret, 'json-1');
    assert.equal(started.status, 202, JSON.stringify(started));
    const { taskId, taskUrl } = started.body as {
      taskId: string;
      taskUrl: string;
    };
    assert.match(taskUrl, new RegExp(`/create/tasks/${taskId}$`));
    await post('json-2', approved);
    assert.deepEqual(
      (await jsonDeliveryOutcome(portal.baseUrl, secret, 'json-2')).body,
      {
        duplicate:
          'a run was started for https://servicedesk.example/tickets/OPS-9 already',
      },
    );
    const status = await until(
      async () => {
        const task = await fetch(
          `${portal.baseUrl}/api/scaffolder/v2/tasks/${taskId}`,
          { headers: { authorization: `Bearer ${portal.serviceToken}` } },
        );
        return ((await task.json()) as { status: string }).status;
      },
      current => ['completed', 'failed', 'cancelled'].includes(current),
      300_000,
      2000,
    );
    // The GitHub ticket above created bd-dhaka-1: a "New" template refuses its id.
    assert.equal(status, 'failed');
    const events = (await (
      await fetch(
        `${portal.baseUrl}/api/scaffolder/v2/tasks/${taskId}/events`,
        {
          headers: { authorization: `Bearer ${portal.serviceToken}` },
        },
      )
    ).json()) as Array<{ body: { message?: string } }>;
    const log = events.map(event => event.body.message ?? '').join('\n');
    assert.match(
      log,
      /id: the environment bd-dhaka-1 exists already, and this template creates new environments only/,
    );
    assert.doesNotMatch(log, /Beginning step Apply/);
  });
});
