// The trust boundary, tried as an attacker would, against the started portal with the
// test sandbox's config and three signed-in identities from the organisation's catalog
// (signed in through the development-only provider): a platform member, a member of
// another team, and a country-operations member. GitHub's REST API is played by a local
// HTTP double that records every call (GitHub cannot be reached from here). Every case
// asserts the refusal, its message, and that nothing was created or changed: no stack,
// no stack file change, no namespace, no entity, no GitHub call beyond one explanation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Webhooks } from '@octokit/webhooks';
import { parse, stringify } from 'yaml';
import { startGitHubDouble } from '../plugins/scaffolder-backend-module-ekyc/src/tickets/__testUtils__/githubDouble.ts';
import { bdSiteForm } from './bdSiteForm.mts';
import {
  deliverGitHubIssues,
  handledDelivery,
  issuesEvent,
  jsonDeliveryOutcome,
  postJsonTicket,
  textAnswers,
} from './ticketDeliveries.mts';
import { singaporeRegionForm } from './regionForm.mts';
import {
  repoRoot,
  startPortalBackend,
  type PortalBackend,
} from './portalBackend.mts';
import {
  dhaka,
  ekycInfra,
  kubectl,
  namespacesOf,
  sandboxDir,
  singapore,
} from './sandboxEnv.mts';
import { until } from './until.mts';

const secret = 'trust-boundary-secret';
const platformMember = 'user:default/amira.rahman';
const secondPlatformMember = 'user:default/daniel.nguyen';
const nonMember = 'user:default/siti.wulandari';
const countryOperator = 'user:default/tanvir.hossain';

let portal: PortalBackend;
let github: Awaited<ReturnType<typeof startGitHubDouble>>;
let workDir: string;
/** A component repository the attacker controls: files served over HTTP from here. */
let repository: { url: string; dir: string; close(): Promise<void> };

async function startRepository(dir: string) {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(req.url ?? ''));
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/yaml' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Registers a file of the repository as a platform member would; answers the location id. */
async function registerRepositoryFile(name: string, entities: object[]) {
  fs.writeFileSync(
    path.join(repository.dir, name),
    entities.map(entity => stringify(entity)).join('---\n'),
  );
  const registered = await as(platformMember, 'POST', '/catalog/locations', {
    type: 'url',
    target: `${repository.url}/${name}`,
  });
  assert.equal(registered.status, 201, registered.text);
  return JSON.parse(registered.text).location.id as string;
}

/** Waits until the catalog holds an entity (kind/namespace/name), as the platform member sees it. */
async function awaitEntity(ref: string) {
  const status = await until(
    async () =>
      (
        await as(platformMember, 'GET', `/catalog/entities/by-name/${ref}`)
      ).status,
    current => current === 200,
    90_000,
  );
  assert.equal(status, 200, `${ref} never reached the catalog`);
}

/**
 * The catalog reads a newly registered location at once (within a second here); a
 * refused file stores none of its entities, so the refusal shows as their absence.
 */
const catalogSettles = () =>
  new Promise(resolve => setTimeout(resolve, 15_000));

const marker = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'ops-bd' },
});
const tokens = new Map<string, string>();

async function signIn(userRef: string): Promise<Response> {
  return fetch(`${portal.baseUrl}/api/auth/development/refresh`, {
    headers: { 'x-ekyc-development-user': userRef },
  });
}

async function tokenOf(userRef: string): Promise<string> {
  if (!tokens.has(userRef)) {
    const response = await signIn(userRef);
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as {
      backstageIdentity: { token: string };
    };
    tokens.set(userRef, body.backstageIdentity.token);
  }
  return tokens.get(userRef)!;
}

/** A request as a user (or with no token at all); answers status and body text. */
async function as(
  userRef: string | undefined,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${portal.baseUrl}/api${route}`, {
    method,
    headers: {
      ...(userRef ? { authorization: `Bearer ${await tokenOf(userRef)}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, text: await response.text() };
}

const stackDir = path.join(
  sandboxDir,
  'pulumi-state/.pulumi/stacks/ekyc-environments',
);

/** What a refused request must leave as it was: stacks, namespaces, entities. */
async function snapshot() {
  const stacks = fs.existsSync(stackDir)
    ? fs
        .readdirSync(stackDir)
        .filter(name => name.endsWith('.json'))
        .map(name => {
          const stat = fs.statSync(path.join(stackDir, name));
          return `${name} ${stat.size} ${stat.mtimeMs}`;
        })
        .sort()
    : [];
  const namespaces = [
    ...namespacesOf(singapore).map(name => `${singapore}/${name}`),
    ...namespacesOf(dhaka).map(name => `${dhaka}/${name}`),
  ].sort();
  const { text } = await as(
    platformMember,
    'GET',
    '/catalog/entities/by-query?limit=500&fields=kind,metadata.namespace,metadata.name',
  );
  const entities = JSON.parse(text)
    .items.map(
      (e: any) => `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`,
    )
    .sort();
  return { stacks, namespaces, entities };
}

async function assertNothingChanged(
  before: Awaited<ReturnType<typeof snapshot>>,
) {
  assert.deepEqual(await snapshot(), before);
}

async function taskOutcome(userRef: string, taskId: string) {
  const status = await until(
    async () =>
      JSON.parse(
        (
          await as(userRef, 'GET', `/scaffolder/v2/tasks/${taskId}`)
        ).text,
      ).status as string,
    current => ['completed', 'failed', 'cancelled'].includes(current),
    240_000,
  );
  const events = JSON.parse(
    (await as(userRef, 'GET', `/scaffolder/v2/tasks/${taskId}/events`)).text,
  ) as Array<{ body: { message?: string } }>;
  return {
    status,
    log: events
      .map(event => event.body.message ?? '')
      .join('\n')
      .replace(/\u001b\[[0-9;]*m/g, ''),
  };
}

async function startTask(userRef: string, template: string, values: object) {
  const response = await as(userRef, 'POST', '/scaffolder/v2/tasks', {
    templateRef: `template:default/${template}`,
    values,
  });
  assert.equal(response.status, 201, response.text);
  return JSON.parse(response.text).id as string;
}

const sovereignSiteTemplate = parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates/sovereign-site/template.yaml'),
    'utf8',
  ),
);

/** A dry run of the sovereign-site template: the refusal's text, wherever it came. */
async function dryRun(userRef: string, values: object): Promise<string> {
  const response = await as(userRef, 'POST', '/scaffolder/v2/dry-run', {
    template: sovereignSiteTemplate,
    values,
    secrets: {},
    directoryContents: [],
  });
  return `${response.status} ${response.text}`.replace(
    /\\u001b\[[0-9;]*m/g,
    '',
  );
}

// A new site id that passes every rule: only the identity may stop it.
const newSite = { ...bdSiteForm, site: 'bd-sylhet-9' };

// The region-environment form for a region under approval (ekyc.approvals below).
const approvalRegion = singaporeRegionForm('ap-southeast-1-approval', ['SG']);

const sign = (body: string) => new Webhooks({ secret }).sign(body);
const account = (login: string, nodeId: string) => ({
  login,
  node_id: nodeId,
});
const amira = account('amira-rahman', 'U_ekyc_amira_rahman');
const siti = account('siti-wulandari', 'U_ekyc_siti_wulandari');

const issueBody = (values: Record<string, unknown>) =>
  [
    ['Country', values.country],
    ['Site id', values.site],
    ['Countries served', (values.servesCountries as string[]).join(', ')],
    ['Database replicas', '_No response_'],
    ['GPU product', values.gpuProduct],
    ['GPUs per node', values.gpusPerNode],
    ['Fewest GPU nodes', values.minNodes],
    ['Most GPU nodes', values.maxNodes],
    ['Database storage (GiB)', values.storageGi],
    ['Link to the cloud', values.linkType],
    ["The site's BGP ASN", values.bgpAsn],
    ['On-prem networks', (values.onPremCidrs as string[]).join(', ')],
    ['Owner', values.owner],
    ['Cost centre', values.costCenter],
  ]
    .map(([label, answer]) => `### ${label}\n\n${answer}`)
    .join('\n\n');

async function deliver(
  deliveryId: string,
  payload: string,
  signature?: string,
) {
  return deliverGitHubIssues(
    portal.baseUrl,
    deliveryId,
    payload,
    signature ?? (await sign(payload)),
  );
}

const postJson = (
  deliveryId: string,
  event: object,
  signing?: { timestamp?: string; signedId?: string },
) => postJsonTicket(portal.baseUrl, secret, deliveryId, event, signing);

const jsonAnswers = textAnswers(newSite);

before(async () => {
  github = await startGitHubDouble();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-trust-'));
  fs.mkdirSync(path.join(workDir, 'repository'));
  repository = await startRepository(path.join(workDir, 'repository'));
  const configFile = path.join(workDir, 'app-config.trust.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        reading: { allow: [{ host: new URL(repository.url).host }] },
      },
      integrations: {
        github: [
          { host: 'github.com', apiBaseUrl: github.url, token: 'e2e-bot' },
        ],
      },
      events: { modules: { github: { webhookSecret: secret } } },
      ekyc: {
        tickets: { json: { secret } },
        // A region whose applies the config puts under approval too.
        approvals: { environments: [approvalRegion.id] },
      },
    }),
  );
  // The site the id-collision and namespace cases need (the tickets suite leaves it),
  // applied before the portal starts: scripts/ekyc-infra checks the dependencies, which
  // the backend's development server would take for a change and restart over.
  if (!namespacesOf(dhaka).includes('ekyc-bd-dhaka-1')) {
    ekycInfra(['up', 'examples/sovereign-site-bd.yaml']);
  }
  portal = await startPortalBackend([
    path.join(sandboxDir, 'app-config.sandbox.yaml'),
    configFile,
  ]);
  // The catalog reads the organisation's Users in the background.
  await until(
    async () => (await signIn(platformMember)).status,
    status => status === 200,
    120_000,
  );
  await until(
    async () =>
      (
        await as(
          platformMember,
          'GET',
          '/catalog/entities/by-name/template/default/sovereign-site',
        )
      ).status,
    status => status === 200,
    120_000,
  );
});

after(async () => {
  await portal?.stop();
  await github?.close();
  await repository?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('identities', () => {
  it('signs in only Users of the organisation; a forged catalog User is refused by the catalog and cannot sign in', async () => {
    // A platform member registers a repository's catalog file (as a compromised component
    // repository would hold it): a User claiming the platform team and a GitHub account,
    // and a Component that shows when the file has been read.
    const location = await registerRepositoryFile('forged-user.yaml', [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: {
          name: 'mallory',
          annotations: { 'github.com/user-id': 'U_ekyc_siti_wulandari' },
        },
        spec: { memberOf: ['platform-team'] },
      },
    ]);
    await catalogSettles();
    const user = await as(
      platformMember,
      'GET',
      '/catalog/entities/by-name/user/default/mallory',
    );
    assert.equal(user.status, 404);
    const mallory = await signIn('user:default/mallory');
    assert.equal(mallory.status, 404);
    assert.match(await mallory.text(), /User not found/);
    assert.equal(
      (await as(platformMember, 'DELETE', `/catalog/locations/${location}`))
        .status,
      204,
    );
  });

  it('refuses Templates and Locations from a registered repository: only the portal root may hold them', async () => {
    // A Template could name any plan (one outside the plan directory, say) or action; a
    // Location could pull in anything.
    const location = await registerRepositoryFile('forged-template.yaml', [
      {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'forged-template' },
        spec: {
          owner: 'group:default/platform-team',
          type: 'environment',
          steps: [
            {
              id: 'up',
              action: 'ekyc:environment:up',
              input: { plan: '/etc/passwd' },
            },
          ],
        },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: 'forged-location' },
        spec: { type: 'url', target: `${repository.url}/forged-user.yaml` },
      },
    ]);
    await catalogSettles();
    for (const refused of [
      'template/default/forged-template',
      'location/default/forged-location',
    ]) {
      assert.equal(
        (
          await as(
            platformMember,
            'GET',
            `/catalog/entities/by-name/${refused}`,
          )
        ).status,
        404,
        refused,
      );
    }
    await as(platformMember, 'DELETE', `/catalog/locations/${location}`);
  });

  it('refuses a request without a token, reads included', async () => {
    const response = await as(undefined, 'GET', '/catalog/entities?limit=1');
    assert.equal(response.status, 401);
  });
});

describe('catalog and Kubernetes changes: the platform group only', () => {
  for (const who of [nonMember, countryOperator]) {
    it(`refuses ${who} registering a location`, async () => {
      const before = await snapshot();
      const response = await as(who, 'POST', '/catalog/locations', {
        type: 'url',
        target: 'https://github.com/ekyc/evil/blob/main/catalog-info.yaml',
      });
      assert.equal(response.status, 403);
      assert.match(response.text, /NotAllowedError/);
      await assertNothingChanged(before);
    });

    it(`refuses ${who} a Kubernetes proxy DELETE of a site's namespace`, async () => {
      const response = await as(
        who,
        'DELETE',
        '/kubernetes/proxy/api/v1/namespaces/ekyc-bd-dhaka-1',
        undefined,
        { 'backstage-kubernetes-cluster': dhaka },
      );
      assert.equal(response.status, 403);
      assert.match(
        kubectl(dhaka, ['get', 'namespace', 'ekyc-bd-dhaka-1', '-o', 'name']),
        /ekyc-bd-dhaka-1/,
      );
    });

    it(`refuses ${who} even a Kubernetes proxy GET`, async () => {
      const response = await as(
        who,
        'GET',
        '/kubernetes/proxy/api/v1/namespaces',
        undefined,
        { 'backstage-kubernetes-cluster': dhaka },
      );
      assert.equal(response.status, 403);
    });
  }

  it('refuses a non-member refreshing or deleting an entity, and deleting a location', async () => {
    const before = await snapshot();
    const entity = JSON.parse(
      (
        await as(
          nonMember,
          'GET',
          '/catalog/entities/by-name/system/default/ekyc-platform',
        )
      ).text,
    );
    const refresh = await as(nonMember, 'POST', '/catalog/refresh', {
      entityRef: 'system:default/ekyc-platform',
    });
    assert.equal(refresh.status, 403);
    const remove = await as(
      nonMember,
      'DELETE',
      `/catalog/entities/by-uid/${entity.metadata.uid}`,
    );
    assert.equal(remove.status, 403);
    await assertNothingChanged(before);
  });

  it("refuses a non-member deleting a platform member's location", async () => {
    const location = await registerRepositoryFile('owned.yaml', [
      marker('owned-marker'),
    ]);
    await awaitEntity('component/default/owned-marker');
    const before = await snapshot();
    const remove = await as(
      nonMember,
      'DELETE',
      `/catalog/locations/${location}`,
    );
    assert.equal(remove.status, 403);
    assert.equal(
      (await as(nonMember, 'GET', `/catalog/locations/${location}`)).status,
      200,
    );
    await assertNothingChanged(before);
    await as(platformMember, 'DELETE', `/catalog/locations/${location}`);
  });
});

describe('templates: anyone signed in, infrastructure for the platform group', () => {
  for (const who of [nonMember, countryOperator]) {
    it(`refuses ${who} a new sovereign site at its first step, saying who may`, async () => {
      const before = await snapshot();
      const { status, log } = await taskOutcome(
        who,
        await startTask(who, 'sovereign-site', newSite),
      );
      assert.equal(status, 'failed');
      assert.match(
        log,
        new RegExp(
          `${who} may not create or change bd-sylhet-9: only members of group:default/platform-team may create, change or destroy environments`,
        ),
      );
      assert.doesNotMatch(log, /Beginning step Preview/);
      await assertNothingChanged(before);
    });
  }

  it("refuses a non-member a dry run (the template editor's preview), saying who may", async () => {
    const before = await snapshot();
    assert.match(
      await dryRun(nonMember, newSite),
      /may not create or change bd-sylhet-9: only members of group:default\/platform-team/,
    );
    await assertNothingChanged(before);
  });

  it("hides another user's task from a non-member and refuses its cancel", async () => {
    const taskId = await startTask(platformMember, 'sovereign-site', {
      ...newSite,
      replicateTo: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
    });
    const read = await as(nonMember, 'GET', `/scaffolder/v2/tasks/${taskId}`);
    assert.ok([403, 404].includes(read.status), read.text);
    const cancel = await as(
      nonMember,
      'POST',
      `/scaffolder/v2/tasks/${taskId}/cancel`,
    );
    assert.ok([403, 404].includes(cancel.status), cancel.text);
    const { status, log } = await taskOutcome(platformMember, taskId);
    // It ended by its own refusal (residency), not by the cancel.
    assert.equal(status, 'failed');
    assert.match(log, /forbids its personal data in the database replica/);
  });

  it('refuses a service owner that injects YAML, naming the field, before any step', async () => {
    const before = await snapshot();
    const response = await as(nonMember, 'POST', '/scaffolder/v2/tasks', {
      templateRef: 'template:default/ekyc-service',
      values: {
        name: 'doc-classifier',
        description: 'classifies documents',
        stage: 'ocr',
        owner: 'group:default/identity-team\n---\nkind: User',
      },
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /owner/);
    assert.match(response.text, /does not match pattern/);
    await assertNothingChanged(before);
  });
});

describe('plan approvals: a second platform member, never the requester', () => {
  it('refuses non-members the approvals, the requester their own approval, a rejection without a note; a rejection stops the run with its reason and nothing applied', async () => {
    for (const who of [nonMember, countryOperator]) {
      const read = await as(who, 'GET', '/scaffolder/ekyc-approvals');
      assert.equal(read.status, 403, read.text);
      assert.match(
        read.text,
        new RegExp(
          `${who} may not read or decide plan approvals: only members of group:default/platform-team may`,
        ),
      );
    }
    const taskId = await startTask(
      platformMember,
      'region-environment',
      approvalRegion,
    );
    const plan = await until(
      async () =>
        (
          JSON.parse(
            (
              await as(
                secondPlatformMember,
                'GET',
                '/scaffolder/ekyc-approvals',
              )
            ).text,
          ).pending as Array<{
            id: string;
            taskId: string;
            requestedBy: string;
          }>
        ).find(candidate => candidate.taskId === taskId),
      found => found !== undefined,
      240_000,
    );
    assert.ok(plan, `task ${taskId} recorded no plan`);
    assert.equal(plan.requestedBy, platformMember);
    const decide = (who: string, body: object) =>
      as(who, 'POST', `/scaffolder/ekyc-approvals/${plan.id}/decision`, body);
    const own = await decide(platformMember, { decision: 'approve' });
    assert.equal(own.status, 403, own.text);
    assert.match(
      own.text,
      new RegExp(
        `${platformMember} requested plan ${plan.id} of ${approvalRegion.id}: another platform member approves it`,
      ),
    );
    const outsider = await decide(nonMember, { decision: 'approve' });
    assert.equal(outsider.status, 403, outsider.text);
    const malformed = await decide(secondPlatformMember, {
      decision: 'delete',
    });
    assert.equal(malformed.status, 400, malformed.text);
    assert.match(
      JSON.parse(malformed.text).error.message,
      /the body must be \{"decision": "approve" \| "reject", "note"\?: text\}: decision/,
    );
    const unknown = await as(
      secondPlatformMember,
      'POST',
      '/scaffolder/ekyc-approvals/no-such-plan/decision',
      { decision: 'approve' },
    );
    assert.equal(unknown.status, 404, unknown.text);
    assert.match(unknown.text, /no plan approval no-such-plan/);
    const noNote = await decide(secondPlatformMember, { decision: 'reject' });
    assert.equal(noNote.status, 400, noNote.text);
    assert.match(
      noNote.text,
      /note: a rejection says what the requester should change/,
    );
    const rejected = await decide(secondPlatformMember, {
      decision: 'reject',
      note: 'one L4 node is too few for Singapore',
    });
    assert.equal(rejected.status, 200, rejected.text);
    const { status, log } = await taskOutcome(platformMember, taskId);
    assert.equal(status, 'failed');
    assert.match(
      log,
      new RegExp(
        `plan ${plan.id} of ${approvalRegion.id} was rejected by ${secondPlatformMember}: one L4 node is too few for Singapore`,
      ),
    );
    // The apply step waited and stopped: no resource was changed.
    const apply = log.slice(log.indexOf('Beginning step Apply'));
    assert.doesNotMatch(apply, /ok +(create|update|delete)/);
    assert.equal(
      namespacesOf(singapore).includes(`ekyc-${approvalRegion.id}`),
      false,
    );
    // The refused self-approval is in the audit log as a failed decision.
    const audit = fs
      .readFileSync(portal.logFile, 'utf8')
      .split('\n')
      .filter(
        line =>
          line.includes(plan.id) && line.includes('plan-approval-decided'),
      );
    assert.ok(
      audit.some(
        line => line.includes('failed') && line.includes(platformMember),
      ),
      audit.join('\n'),
    );
  });
});

describe('bad input, refused before any change (as a platform member)', () => {
  const cases: Array<[string, object, RegExp]> = [
    [
      'a default route as an on-prem network',
      { onPremCidrs: ['0.0.0.0/0'] },
      /connectivity\.onPremCidrs\.0: must be a private network/,
    ],
    [
      'a public on-prem network',
      { onPremCidrs: ['8.8.8.0/24'] },
      /connectivity\.onPremCidrs\.0: must be a private network/,
    ],
    [
      'an on-prem network wider than /8',
      { onPremCidrs: ['10.0.0.0/7'] },
      /connectivity\.onPremCidrs\.0: must be a private network/,
    ],
    [
      'an on-prem network just outside 172.16.0.0/12',
      { onPremCidrs: ['10.40.0.0/16', '172.32.0.0/16'] },
      /connectivity\.onPremCidrs\.1: must be a private network/,
    ],
    [
      'an on-prem network just outside 100.64.0.0/10',
      { onPremCidrs: ['100.128.0.0/10'] },
      /connectivity\.onPremCidrs\.0: must be a private network/,
    ],
    [
      'an owner ending in "-"',
      { owner: 'group:default/ops-bd-' },
      /owner.*(does not match pattern|must be a catalog group)/,
    ],
    [
      'an owner longer than a label value',
      { owner: `group:default/${'a'.repeat(64)}` },
      /owner.*(does not match pattern|must be a catalog group)/,
    ],
    [
      'an owner carrying YAML',
      { owner: 'group:default/ops-bd\nkind: User' },
      /owner.*(does not match pattern|must be a catalog group)/,
    ],
    [
      'a cost centre ending in "-"',
      { costCenter: 'EKYC-BD-' },
      /costCenter.*(does not match pattern|must be a cost centre code)/,
    ],
    [
      'a cost centre with a space',
      { costCenter: 'EKYC BD' },
      /costCenter.*(does not match pattern|must be a cost centre code)/,
    ],
    [
      'a site id that is not a DNS label',
      { site: 'Sylhet 9' },
      /site.*does not match pattern/,
    ],
    [
      'a public BGP ASN',
      { bgpAsn: 7018 },
      /bgpAsn must be greater than or equal to 64512/,
    ],
    [
      'more GPU nodes at least than at most',
      { minNodes: 3, maxNodes: 2 },
      /raise maxNodes or lower minNodes/,
    ],
    [
      'a BD site replicating to Singapore',
      { replicateTo: [{ type: 'cloud-region', region: 'ap-southeast-1' }] },
      /Bangladesh \(BD\) rule \\?"in-country\\?" forbids its personal data in the database replica at cloud region ap-southeast-1/,
    ],
    [
      'a country without a residency rule',
      { country: 'XX' },
      /country is not one of enum values/,
    ],
    [
      'the id of an environment that exists (a "New" template)',
      { site: 'bd-dhaka-1' },
      /id: the environment bd-dhaka-1 exists already, and this template creates new environments only/,
    ],
  ];
  for (const [what, change, refusal] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await snapshot();
      assert.match(
        await dryRun(platformMember, { ...newSite, ...change }),
        refusal,
      );
      await assertNothingChanged(before);
    });
  }
});

describe('tickets', () => {
  const body = issueBody(newSite);

  it('refuses a delivery signed with another secret, and calls nobody', async () => {
    github.calls.splice(0);
    const payload = issuesEvent(41, body, siti);
    const forged = await new Webhooks({ secret: 'not-ours' }).sign(payload);
    const response = await deliver('tb-forged', payload, forged);
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { message: 'invalid signature' });
    assert.deepEqual(github.calls, []);
  });

  it("runs no preview for a non-member's request, and says who may ask for one", async () => {
    github.calls.splice(0);
    const before = await snapshot();
    const response = await deliver('tb-filed', issuesEvent(42, body, siti));
    assert.equal(response.status, 202);
    assert.match(
      await handledDelivery(portal.logFile, 'tb-filed'),
      /"preview":"not run"/,
    );
    assert.equal(github.calls.length, 1);
    assert.match(
      github.calls[0].body.body,
      /A preview runs for requests by members of group:default\/platform-team/,
    );
    await assertNothingChanged(before);
  });

  it("ignores a non-member's preview and approval labels, with one explanation each", async () => {
    for (const label of ['preview', 'approved']) {
      github.calls.splice(0);
      const before = await snapshot();
      const payload = issuesEvent(42, body, siti, {
        action: 'labeled',
        label: { name: label },
        sender: siti,
      });
      const response = await deliver(`tb-${label}-by-non-member`, payload);
      assert.equal(response.status, 202);
      assert.equal(github.calls.length, 1);
      assert.match(
        github.calls[0].body.body,
        new RegExp(
          `The \`${label}\` label from @siti-wulandari is ignored: .* come from members of group:default/platform-team, and the organisation's catalog does not list user:default/siti.wulandari among them`,
        ),
      );
      await assertNothingChanged(before);
    }
  });

  it('refuses self-approval by a platform member', async () => {
    github.calls.splice(0);
    const before = await snapshot();
    const payload = issuesEvent(43, body, amira, {
      action: 'labeled',
      label: { name: 'approved' },
      sender: amira,
    });
    assert.equal((await deliver('tb-self-approval', payload)).status, 202);
    assert.match(
      await handledDelivery(portal.logFile, 'tb-self-approval'),
      /"ignored":"amira-rahman is the author of the request"/,
    );
    assert.equal(github.calls.length, 1);
    assert.match(
      github.calls[0].body.body,
      /the author of a request cannot approve it/,
    );
    await assertNothingChanged(before);
  });

  const approved = {
    ticket: 'https://servicedesk.example/tickets/TB-1',
    template: 'sovereign-site',
    event: 'approved',
    answers: jsonAnswers,
    requestedBy: countryOperator,
    approvedBy: platformMember,
  };

  it('refuses a captured JSON delivery replayed under a fresh id', async () => {
    const before = await snapshot();
    const response = await postJson('tb-json-fresh', approved, {
      signedId: 'tb-json-captured',
    });
    assert.equal(response.status, 401);
    assert.match(((await response.json()) as any).error, /does not match/);
    await assertNothingChanged(before);
  });

  it('refuses a JSON delivery signed more than 5 minutes ago', async () => {
    const before = await snapshot();
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    const response = await postJson('tb-json-stale', approved, {
      timestamp: stale,
    });
    assert.equal(response.status, 401);
    assert.match(
      ((await response.json()) as any).error,
      new RegExp(`^X-Ekyc-Timestamp: ${stale} is not within 5 minutes`),
    );
    await assertNothingChanged(before);
  });

  it('refuses a JSON delivery sent again under its own id', async () => {
    const before = await snapshot();
    const submitted = { ...approved, event: 'submitted' };
    assert.equal((await postJson('tb-json-twice', submitted)).status, 202);
    const replay = await postJson('tb-json-twice', submitted);
    assert.equal(replay.status, 409);
    assert.match(
      ((await replay.json()) as any).error,
      /^X-Ekyc-Delivery: tb-json-twice was delivered already/,
    );
    await assertNothingChanged(before);
  });

  it('refuses a JSON approval by the requester, and by a non-member', async () => {
    const before = await snapshot();
    const outcome = async (deliveryId: string, event: object) => {
      assert.equal((await postJson(deliveryId, event)).status, 202);
      return jsonDeliveryOutcome(portal.baseUrl, secret, deliveryId);
    };
    const self = await outcome('tb-json-self', {
      ...approved,
      requestedBy: secondPlatformMember,
      approvedBy: secondPlatformMember,
    });
    assert.equal(self.status, 403);
    assert.match(
      self.body.error,
      /requested this ticket; another member of group:default\/platform-team approves it/,
    );
    const outsider = await outcome('tb-json-outsider', {
      ...approved,
      approvedBy: nonMember,
    });
    assert.equal(outsider.status, 403);
    assert.match(
      outsider.body.error,
      /is not a member of group:default\/platform-team in the catalog/,
    );
    await assertNothingChanged(before);
  });
});
