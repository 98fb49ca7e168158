// The JSON intake end to end inside one backend: Backstage's events backend with its
// HTTP ingress, our validator, the ticket subscriber and the outcome route, on a real
// SQLite database; the catalog is Backstage's test double, and no request may reach the
// scaffolder, which is not started here.
import { createHmac } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { catalogUserMembership } from '../approvals';
import { jsonTicketTopic } from '../ticketTopics';
import {
  handlerDoubles,
  startTicketBackend,
} from '../__testUtils__/ticketBackend';
import { jsonTicketSource } from './jsonTicketHandler';

// Sized from the measured time with a wide margin (one backend for the file).
jest.setTimeout(60_000);

const secret = 'json-intake-secret';
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const sign = (
  body: string,
  deliveryId: string,
  timestamp = nowSeconds(),
  key = secret,
) =>
  `sha256=${createHmac('sha256', key)
    .update(`${timestamp}.${deliveryId}.${body}`)
    .digest('hex')}`;

const platformEngineer = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'amira.rahman', namespace: 'default' },
  spec: { memberOf: ['platform-team'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform-team' }],
};

const countryOperator = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'tanvir.hossain', namespace: 'default' },
  spec: { memberOf: ['ops-bd'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/ops-bd' }],
};

const answers = {
  country: 'BD',
  site: 'bd-sylhet-1',
  cluster: 'bd-onprem',
  servesCountries: 'BD',
  gpuProduct: 'NVIDIA-A10',
  gpusPerNode: '4',
  minNodes: '1',
  maxNodes: '2',
  storageGi: '100',
  linkType: 'site-to-site-vpn',
  bgpAsn: '65011',
  onPremCidrs: '10.41.0.0/16',
  owner: 'group:default/ops-bd',
  costCenter: 'EKYC-BD-02',
};

describe('the JSON ticket intake, through the events backend', () => {
  let backend: Awaited<ReturnType<typeof startTicketBackend>>;

  beforeAll(async () => {
    backend = await startTicketBackend({
      config: { ekyc: { tickets: { json: { secret } } } },
      jsonSecret: secret,
      sources: store =>
        new Map([
          [
            jsonTicketTopic,
            jsonTicketSource({
              store,
              ...handlerDoubles,
              isMember: catalogUserMembership(
                catalogServiceMock({
                  entities: [countryOperator, platformEngineer],
                }),
                mockServices.auth(),
              ),
            }),
          ],
        ]),
    });
  });

  afterAll(() => backend.stop());

  function post(
    event: object,
    deliveryId: string,
    signature?: string,
    timestamp = nowSeconds(),
  ) {
    const body = JSON.stringify(event);
    return request(backend.server)
      .post(`/api/events/http/${jsonTicketTopic}`)
      .set('content-type', 'application/json')
      .set('x-ekyc-delivery', deliveryId)
      .set('x-ekyc-timestamp', timestamp)
      .set(
        'x-ekyc-signature-256',
        signature ?? sign(body, deliveryId, timestamp),
      )
      .send(body);
  }

  function outcomeOf(
    deliveryId: string,
    timestamp = nowSeconds(),
    key = secret,
  ) {
    return request(backend.server)
      .get(`/api/tickets-under-test/ekyc-tickets/json/deliveries/${deliveryId}`)
      .set('x-ekyc-timestamp', timestamp)
      .set('x-ekyc-signature-256', sign('', deliveryId, timestamp, key));
  }

  /** Posts a delivery the ingress accepts, and answers what it came to. */
  async function delivered(event: object, deliveryId: string) {
    const response = await post(event, deliveryId);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted' });
    const outcome = await outcomeOf(deliveryId);
    expect(outcome.status).toBe(200);
    return outcome.body;
  }

  const submitted = (
    ticket: string,
    given: Record<string, string> = answers,
  ) => ({
    ticket,
    template: 'sovereign-site',
    event: 'submitted',
    answers: given,
  });

  it('refuses a body signed with another secret, and handles nothing', async () => {
    const event = submitted('https://jira.example/browse/OPS-1');
    const response = await post(
      event,
      'd-1',
      sign(JSON.stringify(event), 'd-1', nowSeconds(), 'wrong'),
    );
    expect(response.status).toBe(401);
    expect(response.body.error).toMatch(
      /X-Ekyc-Signature-256 .* does not match/,
    );
    expect((await outcomeOf('d-1')).status).toBe(404);
  });

  it('names the body field that is wrong, at the ingress', async () => {
    const response = await post(
      { ...submitted('not a url'), event: 'closed' },
      'd-2',
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/ticket: .*; event: /);
    expect((await outcomeOf('d-2')).status).toBe(404);
  });

  it('checks the answers against the template and names each problem in the outcome', async () => {
    const outcome = await delivered(
      submitted('https://jira.example/browse/OPS-3', {
        ...answers,
        site: 'Sylhet',
        bgpAsn: '1',
      }),
      'd-3',
    );
    expect(outcome.status).toBe(422);
    expect(
      outcome.body.problems.map((p: { field: string }) => p.field),
    ).toEqual(['site', 'bgpAsn']);
    expect(backend.auditOf('d-3')).toEqual([
      {
        outcome: 'success',
        meta: { source: 'json', deliveryId: 'd-3', status: 422, problems: 2 },
      },
    ]);
  });

  it('gives the values of valid answers, and refuses the same delivery id again', async () => {
    const event = submitted('https://jira.example/browse/OPS-4');
    const outcome = await delivered(event, 'd-4');
    expect(outcome).toMatchObject({ deliveryId: 'd-4', status: 200 });
    expect(outcome.body.values).toMatchObject({
      site: 'bd-sylhet-1',
      bgpAsn: 65011,
    });
    const replay = await post(event, 'd-4');
    expect(replay.status).toBe(409);
    expect(replay.body.error).toBe(
      'X-Ekyc-Delivery: d-4 was delivered already; a delivery runs once: read what it came to at /api/scaffolder/ekyc-tickets/json/deliveries/d-4 (no outcome there: it was not handled), and send anything new with its own id and timestamp',
    );
  });

  it('refuses an approval by someone outside the owning group, naming the group', async () => {
    const outcome = await delivered(
      {
        ...submitted('https://jira.example/browse/OPS-5'),
        event: 'approved',
        approvedBy: 'user:default/tanvir.hossain',
      },
      'd-5',
    );
    expect(outcome.status).toBe(403);
    expect(outcome.body.error).toBe(
      'approvedBy: user:default/tanvir.hossain is not a member of group:default/platform-team in the catalog; approvals come from its members',
    );
  });

  it('refuses a captured delivery sent again under a fresh id: the id is signed', async () => {
    const event = submitted('https://jira.example/browse/OPS-6');
    const timestamp = nowSeconds();
    const captured = sign(JSON.stringify(event), 'd-6', timestamp);
    expect((await post(event, 'd-6', captured, timestamp)).status).toBe(202);
    const replay = await post(event, 'd-6-fresh', captured, timestamp);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toMatch(/does not match/);
    expect((await outcomeOf('d-6-fresh')).status).toBe(404);
  });

  it('refuses a delivery signed more than 5 minutes ago, naming the header', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const response = await post(
      submitted('https://jira.example/browse/OPS-7'),
      'd-7',
      undefined,
      stale,
    );
    expect(response.status).toBe(401);
    expect(response.body.error).toMatch(
      new RegExp(`^X-Ekyc-Timestamp: ${stale} is not within 5 minutes`),
    );
  });

  it('refuses an approval by the requester, and one that names no requester', async () => {
    const approved = {
      ...submitted('https://jira.example/browse/OPS-8'),
      event: 'approved',
      approvedBy: 'user:default/amira.rahman',
    };
    const self = await delivered(
      { ...approved, requestedBy: 'user:default/amira.rahman' },
      'd-8',
    );
    expect(self.status).toBe(403);
    expect(self.body.error).toBe(
      'approvedBy: user:default/amira.rahman requested this ticket; another member of group:default/platform-team approves it',
    );
    const anonymous = await delivered(approved, 'd-9');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.error).toMatch(/^requestedBy: is required/);
  });

  it('tells an outcome only to a signed, fresh request', async () => {
    const unsigned = await outcomeOf('d-4', nowSeconds(), 'wrong');
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toMatch(/does not match/);
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await outcomeOf('d-4', stale)).status).toBe(401);
    const unknown = await outcomeOf('d-unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(
      /^delivery d-unknown has no outcome: the ingress refused it/,
    );
  });
});
