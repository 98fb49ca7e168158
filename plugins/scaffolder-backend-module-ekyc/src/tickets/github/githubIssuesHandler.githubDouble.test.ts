// GitHub's webhook deliveries through Backstage's events backend and its GitHub module
// (the signature check), into the ticket subscriber; GitHub's REST API is played by a
// local HTTP double that records every call (GitHub cannot be reached from here); the
// payloads are signed with @octokit/webhooks' own signer; the store is the test
// backend's real SQLite database.
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Webhooks } from '@octokit/webhooks';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { catalogMembership } from '../approvals';
import { githubClientFor } from '../githubClient';
import { githubIssuesTopic } from '../ticketTopics';
import { startGitHubDouble } from '../__testUtils__/githubDouble';
import {
  handlerDoubles,
  startTicketBackend,
} from '../__testUtils__/ticketBackend';
import { githubTicketSource } from './githubIssuesHandler';

// Sized from the measured time with a wide margin (each test starts a backend and a GitHub double: 20 s for the file with the two cores shared with a build).
jest.setTimeout(60_000);

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
  let backend: Awaited<ReturnType<typeof startTicketBackend>>;
  const signer = new Webhooks({ secret });

  beforeAll(async () => {
    github = await startGitHubDouble();
    const integrations = {
      github: [
        {
          host: 'github.com',
          apiBaseUrl: github.url,
          token: 'ticket-bot-token',
        },
      ],
    };
    const config = new ConfigReader({ integrations });
    backend = await startTicketBackend({
      config: {
        integrations,
        events: { modules: { github: { webhookSecret: secret } } },
      },
      sources: store =>
        new Map([
          [
            githubIssuesTopic,
            githubTicketSource({
              store,
              ...handlerDoubles,
              githubFor: url => githubClientFor(config, url),
              membership: catalogMembership(
                catalogServiceMock({
                  entities: [platformEngineer, countryOperator],
                }),
                mockServices.auth(),
              ),
            }),
          ],
        ]),
    });
  });

  afterAll(async () => {
    await github.close();
    await backend.stop();
  });

  beforeEach(() => github.calls.splice(0));

  function post(payload: string, deliveryId: string, signature?: string) {
    const delivery = request(backend.server)
      .post('/api/events/http/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'issues')
      .set('x-github-delivery', deliveryId);
    return (
      signature ? delivery.set('x-hub-signature-256', signature) : delivery
    ).send(payload);
  }

  /**
   * Delivers a signed payload, which the ingress accepts; answers what handling it came
   * to, as the audit log records it (GitHub reads nothing back).
   */
  async function deliver(payload: string, deliveryId: string) {
    const response = await post(
      payload,
      deliveryId,
      await signer.sign(payload),
    );
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted' });
    const audit = backend.auditOf(deliveryId);
    return audit[audit.length - 1];
  }

  it('refuses a delivery whose signature does not match, and does nothing', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    const forged = await new Webhooks({ secret: 'someone-else' }).sign(payload);
    const response = await post(payload, 'delivery-forged', forged);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: 'invalid signature' });
    expect(backend.auditOf('delivery-forged')).toEqual([]);
    expect(github.calls).toEqual([]);
  });

  it('refuses a delivery without a signature', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    expect((await post(payload, 'delivery-unsigned')).status).toBe(403);
    expect(backend.auditOf('delivery-unsigned')).toEqual([]);
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
    expect(await deliver(payload, 'delivery-malformed')).toEqual({
      outcome: 'success',
      meta: {
        source: 'github',
        deliveryId: 'delivery-malformed',
        status: 202,
        problems: 2,
        preview: 'not run',
      },
    });
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
    await deliver(payload, 'delivery-once');
    const again = await deliver(payload, 'delivery-once');
    expect(again.meta).toMatchObject({ repeat: true, status: 200 });
    expect(again.meta.duplicate).toMatch(/delivery-once was handled already/);
    expect(github.calls).toHaveLength(1);
  });

  it('handles a redelivery of a delivery that failed', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    github.refuseNext(1);
    const failed = await deliver(payload, 'delivery-failed');
    expect(failed.outcome).toBe('fail');
    expect(failed.meta.status).toBe(500);
    const again = await deliver(payload, 'delivery-failed');
    expect(again).toMatchObject({ outcome: 'success', meta: { status: 202 } });
    expect(github.calls).toHaveLength(2);
    // Octokit's throttling spaces comments (they notify people) by 3 s.
  }, 20_000);

  it('refuses a form-encoded delivery before anything is read, naming the media type', async () => {
    const payload = `payload=${encodeURIComponent(
      issuesEvent('opened', filedForm(vietnamSite)),
    )}`;
    const response = await request(backend.server)
      .post('/api/events/http/github')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('x-github-event', 'issues')
      .set('x-github-delivery', 'delivery-form-encoded')
      .set('x-hub-signature-256', await signer.sign(payload))
      .send(payload);
    expect(response.status).toBe(415);
    expect(JSON.stringify(response.body)).toMatch(
      /application\/x-www-form-urlencoded/,
    );
    expect(backend.auditOf('delivery-form-encoded')).toEqual([]);
    expect(github.calls).toEqual([]);
  });

  it('comments a valid form with the values the template will get', async () => {
    const handled = await deliver(
      issuesEvent('edited', filedForm(vietnamSite)),
      'delivery-valid',
    );
    expect(handled.meta).toMatchObject({ status: 202, problems: 0 });
    expect(github.calls).toHaveLength(1);
    const text: string = github.calls[0].body.body;
    expect(text).toContain('valid request for **sovereign-site**');
    expect(text).toContain('"site": "vn-hanoi-1"');
    expect(text).toContain('"maxNodes": 2');
  });

  it('ignores an issue that carries no template label, without a comment', async () => {
    const handled = await deliver(
      issuesEvent('opened', 'the printer is broken', ['bug']),
      'delivery-unrelated',
    );
    expect(handled.meta.ignored).toBe('the issue carries no template label');
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
      const handled = await deliver(
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
      expect(handled.meta.ignored).toBe(
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
    const handled = await deliver(
      issuesEvent('opened', filedForm(vietnamSite)),
      'delivery-outsider-form',
    );
    expect(handled.meta.preview).toBe('not run');
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toContain(
      'A preview runs for requests by members of group:default/platform-team: one of them adds the `preview` label',
    );
  });

  it('refuses an approval by the author of the request, and starts nothing', async () => {
    const handled = await deliver(
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
    expect(handled.meta.ignored).toBe(
      'amira-rahman is the author of the request',
    );
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toContain(
      'the author of a request cannot approve it',
    );
  });

  it('refuses an approval of a form no preview showed (an edit after the preview), and starts nothing', async () => {
    const handled = await deliver(
      issuesEvent(
        'labeled',
        filedForm({ ...vietnamSite, 'Most GPU nodes': '8' }),
        ['ekyc-request', 'sovereign-site', 'approved'],
        { label: { name: 'approved' }, sender: account('amira-rahman') },
      ),
      'delivery-unpreviewed-approval',
    );
    expect(handled.meta.ignored).toBe(
      'the form was not previewed as it is now',
    );
    expect(github.calls).toHaveLength(1);
    expect(github.calls[0].body.body).toMatch(
      /this form \(`sha256:[0-9a-f]{64}`\) has not been previewed, or was edited since/,
    );
  });

  it('renders echoed values literally: a crafted answer mentions nobody and closes no fence', async () => {
    await deliver(
      issuesEvent(
        'opened',
        filedForm({
          ...vietnamSite,
          'Site id': '@platform-team ``` [click](http://evil.example)',
        }),
      ),
      'delivery-markdown',
    );
    const body: string = github.calls[0].body.body;
    expect(body).toContain('\\@platform-team \\`\\`\\`');
    expect(body).not.toContain('[click](http://evil.example)');
  });

  it('handles a captured body sent again under a fresh delivery id as the duplicate it is', async () => {
    const payload = issuesEvent('opened', filedForm(vietnamSite));
    await deliver(payload, 'delivery-captured');
    const replay = await deliver(payload, 'delivery-fresh-id');
    expect(replay.meta).toMatchObject({ repeat: true, status: 200 });
    expect(replay.meta.duplicate).toMatch(
      /delivered and handled already \(under another delivery id than delivery-fresh-id\)/,
    );
    expect(github.calls).toHaveLength(1);
  });
});
