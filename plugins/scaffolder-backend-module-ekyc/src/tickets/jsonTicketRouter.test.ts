// The JSON intake's refusals, with a real SQLite store and Backstage's catalog test
// double; none of them may reach the scaffolder, which is not started here.
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { Knex } from 'knex';
import { inMemorySqlite } from '../__testUtils__/inMemorySqlite';
import request from 'supertest';
import { catalogUserMembership } from './approvals';
import { readTicketTemplate, ticketTemplateNames } from './issueFormFiles';
import { createJsonTicketRouter } from './jsonTicketRouter';
import { TicketStore } from './ticketStore';
import { noRunsMayStart } from './__testUtils__/noRunsMayStart';

// Sized from the measured time with a wide margin (each test starts a backend: 24 s for the file's seven with the two cores shared with a build).
jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '../../../..');
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

describe('the JSON ticket intake', () => {
  let db: Knex;
  let app: express.Express;

  beforeAll(async () => {
    db = inMemorySqlite();
    app = express().use(
      createJsonTicketRouter({
        secret,
        store: await TicketStore.create(db),
        templateFor: async name =>
          ticketTemplateNames.includes(name)
            ? readTicketTemplate(repoRoot, name)
            : undefined,
        isMember: catalogUserMembership(
          catalogServiceMock({
            entities: [countryOperator, platformEngineer],
          }),
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
  });

  afterAll(() => db.destroy());

  function post(
    event: object,
    deliveryId: string,
    signature?: string,
    timestamp = nowSeconds(),
  ) {
    const body = JSON.stringify(event);
    return request(app)
      .post('/json')
      .set('content-type', 'application/json')
      .set('x-ekyc-delivery', deliveryId)
      .set('x-ekyc-timestamp', timestamp)
      .set(
        'x-ekyc-signature-256',
        signature ?? sign(body, deliveryId, timestamp),
      )
      .send(body);
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

  it('refuses a body signed with another secret', async () => {
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
  });

  it('names the body field that is wrong', async () => {
    const response = await post(
      { ...submitted('not a url'), event: 'closed' },
      'd-2',
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/ticket: .*; event: /);
  });

  it('checks the answers against the template and names each problem', async () => {
    const response = await post(
      submitted('https://jira.example/browse/OPS-3', {
        ...answers,
        site: 'Sylhet',
        bgpAsn: '1',
      }),
      'd-3',
    );
    expect(response.status).toBe(422);
    expect(
      response.body.problems.map((p: { field: string }) => p.field),
    ).toEqual(['site', 'bgpAsn']);
  });

  it('gives the values of valid answers, and handles a replayed delivery once', async () => {
    const event = submitted('https://jira.example/browse/OPS-4');
    const first = await post(event, 'd-4');
    expect(first.status).toBe(200);
    expect(first.body.values).toMatchObject({
      site: 'bd-sylhet-1',
      bgpAsn: 65011,
    });
    const replay = await post(event, 'd-4');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({
      duplicate: 'delivery d-4 was handled already',
    });
  });

  it('refuses an approval by someone outside the owning group, naming the group', async () => {
    const response = await post(
      {
        ...submitted('https://jira.example/browse/OPS-5'),
        event: 'approved',
        approvedBy: 'user:default/tanvir.hossain',
      },
      'd-5',
    );
    expect(response.status).toBe(403);
    expect(response.body.error).toBe(
      'approvedBy: user:default/tanvir.hossain is not a member of group:default/platform-team in the catalog; approvals come from its members',
    );
  });

  it('refuses a captured delivery sent again under a fresh id: the id is signed', async () => {
    const event = submitted('https://jira.example/browse/OPS-6');
    const timestamp = nowSeconds();
    const captured = sign(JSON.stringify(event), 'd-6', timestamp);
    expect((await post(event, 'd-6', captured, timestamp)).status).toBe(200);
    const replay = await post(event, 'd-6-fresh', captured, timestamp);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toMatch(/does not match/);
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
    const self = await post(
      { ...approved, requestedBy: 'user:default/amira.rahman' },
      'd-8',
    );
    expect(self.status).toBe(403);
    expect(self.body.error).toBe(
      'approvedBy: user:default/amira.rahman requested this ticket; another member of group:default/platform-team approves it',
    );
    const anonymous = await post(approved, 'd-9');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.error).toMatch(/^requestedBy: is required/);
  });
});
