// GitHub's REST API is played by a local HTTP double that records every call (GitHub
// cannot be reached from here); the webhook payloads are signed with @octokit/webhooks'
// own signer; the store is a real SQLite database.
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Webhooks } from '@octokit/webhooks';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { Knex } from 'knex';
import { inMemorySqlite } from '../__testUtils__/inMemorySqlite';
import request from 'supertest';
import { catalogMembership } from './approvals';
import { githubClientFor } from './githubClient';
import { createGitHubTicketRouter } from './githubTicketRouter';
import { readTicketTemplate, ticketTemplateNames } from './issueFormFiles';
import { TicketStore } from './ticketStore';
import { noRunsMayStart } from './__testUtils__/noRunsMayStart';
import { startGitHubDouble } from './__testUtils__/githubDouble';

// Sized from the measured time with a wide margin (each test starts a backend and a GitHub double: 20 s for the file with the two cores shared with a build).
jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const secret = 'ticket-test-secret';

// Every event GitHub sends differs from the last (its issue's updated_at at least); only a
// redelivery repeats a body byte for byte.
let eventSequence = 0;
const updatedAt = () =>
  new Date(Date.UTC(2026, 11, 1, 0, 0, eventSequence++)).toISOString();

/** A GitHub account as webhooks carry it; the node id is what identifies it. */
const account = (login: string) => ({ login, node_id: `U_node_${login}` });

function issuesEvent(
  action: string,
  body: string,
  labels = ['ekyc-request', 'sovereign-site'],
  extra: object = {},
) {
  return JSON.stringify({
    action,
    issue: {
      number: 7,
      html_url: 'https://github.com/ekyc/platform-requests/issues/7',
      body,
      labels: labels.map(name => ({ name })),
      user: account('ops-vn-lead'),
      updated_at: updatedAt(),
    },
    repository: {
      name: 'platform-requests',
      html_url: 'https://github.com/ekyc/platform-requests',
      owner: { login: 'ekyc' },
    },
    sender: account('ops-vn-lead'),
    ...extra,
  });
}

const filedForm = (answers: Record<string, string>) =>
  Object.entries(answers)
    .map(([label, answer]) => `### ${label}\n\n${answer}`)
    .join('\n\n');

const vietnamSite = {
  Country: 'VN',
  'Site id': 'vn-hanoi-1',
  'Countries served': 'VN',
  'Database replicas': '_No response_',
  'GPU product': 'NVIDIA-A10',
  'GPUs per node': '4',
  'Fewest GPU nodes': '1',
  'Most GPU nodes': '2',
  'Database storage (GiB)': '200',
  'Link to the cloud': 'site-to-site-vpn',
  "The site's BGP ASN": '65020',
  'On-prem networks': '10.50.0.0/16',
  Owner: 'group:default/ops-vn',
  'Cost centre': 'EKYC-VN-01',
};

const user = (name: string, login: string, group: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'github.com/user-login': login,
      'github.com/user-id': account(login).node_id,
    },
  },
  spec: { memberOf: [group] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});
const platformEngineer = user('amira.rahman', 'amira-rahman', 'platform-team');
const countryOperator = user('tanvir.hossain', 'tanvir-h', 'ops-bd');

describe('the GitHub ticket webhook (GitHub played by a local HTTP double)', () => {
  let github: Awaited<ReturnType<typeof startGitHubDouble>>;
  let db: Knex;
  let app: express.Express;
  const signer = new Webhooks({ secret });

  beforeAll(async () => {
    github = await startGitHubDouble();
    db = inMemorySqlite();
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.url,
            token: 'ticket-bot-token',
          },
        ],
      },
    });
    app = express().use(
      createGitHubTicketRouter({
        webhookSecret: secret,
        store: await TicketStore.create(db),
        templateFor: async name =>
          ticketTemplateNames.includes(name)
            ? readTicketTemplate(repoRoot, name)
            : undefined,
        githubFor: url => githubClientFor(config, url),
        membership: catalogMembership(
          catalogServiceMock({ entities: [platformEngineer, countryOperator] }),
          mockServices.auth(),
        ),
        tasks: noRunsMayStart,
        grantApproval: async () => {
          throw new Error('no run starts in these tests, so none is approved');
        },
        taskPageUrl: taskId => `http://portal/create/tasks/${taskId}`,
        logger: mockServices.logger.mock(),
      }),
    );
    // As the backend's error middleware answers an error the router throws.
    app.use(
      (
        error: Error,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => res.status(500).json({ error: error.message }),
    );
  });

  afterAll(async () => {
    await github.close();
    await db.destroy();
  });

  beforeEach(() => github.calls.splice(0));

  async function deliver(
    payload: string,
    deliveryId: string,
    signature?: string,
  ) {
    return request(app)
      .post('/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'issues')
      .set('x-github-delivery', deliveryId)
      .set('x-hub-signature-256', signature ?? (await signer.sign(payload)))
      .send(payload);
  }

  it('refuses a delivery whose signature does not match, and does nothing', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    const forged = await new Webhooks({ secret: 'someone-else' }).sign(payload);
    const response = await deliver(payload, 'delivery-forged', forged);
    expect(response.status).toBe(401);
    expect(response.body.error).toMatch(
      /X-Hub-Signature-256 .* does not match/,
    );
    expect(github.calls).toEqual([]);
  });

  it('refuses a delivery without a signature', async () => {
    const response = await request(app)
      .post('/github')
      .set('x-github-event', 'issues')
      .set('x-github-delivery', 'delivery-unsigned')
      .send(issuesEvent('opened', filedForm(vietnamSite)));
    expect(response.status).toBe(401);
    expect(github.calls).toEqual([]);
  });

  it('comments each bad field of a malformed form, once, with the integration token', async () => {
    const payload = issuesEvent(
      'opened',
      filedForm({
        ...vietnamSite,
        'Site id': 'Hanoi One',
        'Most GPU nodes': 'two',
      }),
    );
    const response = await deliver(payload, 'delivery-malformed');
    expect(response.status).toBe(202);
    expect(github.calls).toHaveLength(1);
    const [comment] = github.calls;
    expect(comment.method).toBe('POST');
    expect(comment.path).toBe(
      '/repos/ekyc/platform-requests/issues/7/comments',
    );
    expect(comment.authorization).toBe('token ticket-bot-token');
    expect(comment.body.body).toContain('Edit the issue to fix:');
    expect(comment.body.body).toContain(
      '- **Site id** (`site`): "Hanoi One" does not match',
    );
    expect(comment.body.body).toContain(
      '- **Most GPU nodes** (`maxNodes`): "two" is not a whole number',
    );
  });

  it('handles a redelivery once: the same delivery id does nothing the second time', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    expect((await deliver(payload, 'delivery-once')).status).toBe(202);
    const again = await deliver(payload, 'delivery-once');
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toMatch(/delivery-once was handled already/);
    expect(github.calls).toHaveLength(1);
  });

  it('handles a redelivery of a delivery that failed', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    github.refuseNext(1);
    expect((await deliver(payload, 'delivery-failed')).status).toBe(500);
    const again = await deliver(payload, 'delivery-failed');
    expect(again.status).toBe(202);
    expect(github.calls).toHaveLength(2);
    // Octokit's throttling spaces comments (they notify people) by 3 s.
  }, 20_000);

  it('answers 400 to a signed body that is not JSON, naming the setting to change', async () => {
    const payload = `payload=${encodeURIComponent(
      issuesEvent('opened', filedForm(vietnamSite)),
    )}`;
    const response = await deliver(payload, 'delivery-form-encoded');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/content type to application\/json/);
    expect(github.calls).toEqual([]);
  });

  it('answers a valid form with the values the template will get', async () => {
    const response = await deliver(
      issuesEvent('edited', filedForm(vietnamSite)),
      'delivery-valid',
    );
    expect(response.status).toBe(202);
    expect(response.body.problems).toEqual([]);
    expect(response.body.values).toMatchObject({
      country: 'VN',
      site: 'vn-hanoi-1',
      maxNodes: 2,
    });
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toContain(
      'valid request for **sovereign-site**',
    );
  });

  it('ignores an issue that carries no template label, without a comment', async () => {
    const response = await deliver(
      issuesEvent('opened', 'the printer is broken', ['bug']),
      'delivery-unrelated',
    );
    expect(response.status).toBe(202);
    expect(github.calls).toEqual([]);
  });

  it.each([
    [
      'a catalog user outside the owning group',
      'tanvir-h',
      'does not list user:default/tanvir.hossain among them',
    ],
    [
      'a GitHub account the catalog does not know',
      'stranger',
      'has no User with this GitHub account (github.com/user-id: U\\_node\\_stranger)',
    ],
  ])(
    'ignores an approval label from %s, saying why, and starts nothing',
    async (_who, login, why) => {
      const response = await deliver(
        issuesEvent(
          'labeled',
          filedForm(vietnamSite),
          ['ekyc-request', 'sovereign-site', 'approved'],
          {
            label: { name: 'approved' },
            sender: account(login),
          },
        ),
        `delivery-label-${login}`,
      );
      expect(response.status).toBe(202);
      expect(response.body.ignored).toBe(
        `${login} is not a member of group:default/platform-team`,
      );
      expect(github.calls).toHaveLength(1);
      expect(github.calls[0].body.body).toContain(
        `label from @${login} is ignored`,
      );
      expect(github.calls[0].body.body).toContain(why);
    },
  );

  it('runs no preview for a valid request by someone outside the owning group, and says who may ask for one', async () => {
    const response = await deliver(
      issuesEvent('opened', filedForm(vietnamSite)),
      'delivery-outsider-form',
    );
    expect(response.body.preview).toBe('not run');
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toContain(
      'A preview runs for requests by members of group:default/platform-team: one of them adds the `preview` label',
    );
  });

  it('refuses an approval by the author of the request, and starts nothing', async () => {
    const response = await deliver(
      issuesEvent(
        'labeled',
        filedForm(vietnamSite),
        ['ekyc-request', 'sovereign-site', 'approved'],
        {
          label: { name: 'approved' },
          issue: {
            number: 7,
            html_url: 'https://github.com/ekyc/platform-requests/issues/7',
            body: filedForm(vietnamSite),
            labels: [{ name: 'sovereign-site' }],
            user: account('amira-rahman'),
          },
          sender: account('amira-rahman'),
        },
      ),
      'delivery-self-approval',
    );
    expect(response.body.ignored).toBe(
      'amira-rahman is the author of the request',
    );
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toContain(
      'the author of a request cannot approve it',
    );
  });

  it('refuses an approval of a form no preview showed (an edit after the preview), and starts nothing', async () => {
    const response = await deliver(
      issuesEvent(
        'labeled',
        filedForm({ ...vietnamSite, 'Most GPU nodes': '8' }),
        ['ekyc-request', 'sovereign-site', 'approved'],
        { label: { name: 'approved' }, sender: account('amira-rahman') },
      ),
      'delivery-unpreviewed-approval',
    );
    expect(response.body.ignored).toBe(
      'the form was not previewed as it is now',
    );
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toMatch(
      /this form \(`sha256:[0-9a-f]{64}`\) has not been previewed, or was edited since/,
    );
  });

  it('renders echoed values literally: a crafted answer mentions nobody and closes no fence', async () => {
    const response = await deliver(
      issuesEvent(
        'opened',
        filedForm({
          ...vietnamSite,
          'Site id': '@platform-team ``` [click](http://evil.example)',
        }),
      ),
      'delivery-markdown',
    );
    expect(response.status).toBe(202);
    const body: string = github.calls[0].body.body;
    expect(body).toContain('\\@platform-team \\`\\`\\`');
    expect(body).not.toContain('[click](http://evil.example)');
  });

  it('handles a captured body sent again under a fresh delivery id as the duplicate it is', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    expect((await deliver(payload, 'delivery-captured')).status).toBe(202);
    const replay = await deliver(payload, 'delivery-fresh-id');
    expect(replay.status).toBe(200);
    expect(replay.body.duplicate).toMatch(
      /delivered and handled already \(under another delivery id than delivery-fresh-id\)/,
    );
    expect(github.calls).toHaveLength(1);
  });
});
