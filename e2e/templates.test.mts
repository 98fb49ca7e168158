// The templates through the real scaffolder: a started portal backend with the test
// sandbox's config, tasks created with POST /api/scaffolder/v2/tasks as the sandbox's
// guest, the real Pulumi CLI applying to the sandbox, the catalog serving the result.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { parse } from 'yaml';
import {
  guestToken,
  repoRoot,
  startPortalBackend,
  type PortalBackend,
  waitForTemplates,
} from './portalBackend.mts';
import { bdSiteForm } from './bdSiteForm.mts';
import { decidePlanOf } from './planApprovals.mts';
import { singaporeRegionForm } from './regionForm.mts';
import {
  clusterFile,
  destroyEnvironment,
  dhaka,
  namespacesOf,
  type SandboxCluster,
  sandboxDir,
  sandboxClusterNames,
  singapore,
  toolchainBin,
} from './sandboxEnv.mts';

function kubectl(cluster: SandboxCluster, ...args: string[]): any {
  return JSON.parse(
    execFileSync(
      path.join(toolchainBin, 'kubectl'),
      [
        '--kubeconfig',
        clusterFile(cluster, 'kubeconfig'),
        ...args,
        '-o',
        'json',
      ],
      { encoding: 'utf8' },
    ),
  );
}
/** On either of the sandbox's clusters. */
const namespaceExists = (name: string) =>
  sandboxClusterNames.some(cluster => namespacesOf(cluster).includes(name));

let portal: PortalBackend;
let token: string;
/** The sandbox's guest is a platform user; a sovereign site's plan needs a second one. */
const approver = 'user:default/amira.rahman';

async function api(method: string, route: string, body?: unknown) {
  const res = await fetch(`${portal.baseUrl}/api${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function startTask(template: string, values: object): Promise<string> {
  const { id } = await api('POST', '/scaffolder/v2/tasks', {
    templateRef: `template:default/${template}`,
    values,
  });
  return id;
}

async function taskLog(id: string): Promise<string[]> {
  const events = await api('GET', `/scaffolder/v2/tasks/${id}/events`);
  return events
    .map((e: any) => e.body?.message)
    .filter(Boolean)
    .map((m: string) => m.replace(/\u001b\[[0-9;]*m/g, ''));
}

async function waitForTask(
  id: string,
  until: (status: string, log: string[]) => boolean = s =>
    ['completed', 'failed', 'cancelled'].includes(s),
  timeoutMs = 300_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await api('GET', `/scaffolder/v2/tasks/${id}`);
    const log = await taskLog(id);
    if (until(task.status, log)) return { status: task.status as string, log };
    if (Date.now() > deadline) {
      throw new Error(
        `task ${id} is ${task.status} after ${timeoutMs} ms:\n${log.join(
          '\n',
        )}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The BD site's hybrid link in the catalog, depending on the site and its hub. */
async function assertLinkRegistered() {
  const link = await entityByName(
    'resource',
    'ekyc-environments',
    'bd-dhaka-1-link',
  );
  assert.equal(link.spec.type, 'network-link');
  assert.equal(
    link.metadata.annotations['ekyc.io/hub-environment'],
    'ap-southeast-1-primary',
  );
  assert.equal(link.metadata.annotations['ekyc.io/link-created-by'], 'site');
  assert.deepEqual(
    link.relations
      .filter((r: any) => r.type === 'dependsOn')
      .map((r: any) => r.targetRef)
      .sort(),
    [
      'resource:ekyc-environments/ap-southeast-1-primary',
      'resource:ekyc-environments/bd-dhaka-1',
    ],
  );
}

// The catalog reads a newly registered location shortly after the task ends.
async function entityByName(kind: string, namespace: string, name: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(
      `${portal.baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (res.ok) return res.json();
    if (Date.now() > deadline) {
      throw new Error(
        `${kind}:${namespace}/${name} not in the catalog: ${res.status}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

// A region applied on aws, as its entity says: what an Aurora global secondary follows.
// The sandbox's local catalog reads it at start.
const awsPrimary = 'ap-southeast-1-aws-e2e';
const awsPrimaryDir = path.join(sandboxDir, 'catalog', awsPrimary);

// The templates are in the catalog shortly after start.
before(async () => {
  fs.mkdirSync(awsPrimaryDir, { recursive: true });
  fs.writeFileSync(
    path.join(awsPrimaryDir, 'catalog-info.yaml'),
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: awsPrimary,
        namespace: 'ekyc-environments',
        annotations: {
          'ekyc.io/region': 'ap-southeast-1',
          'ekyc.io/served-countries': 'SG,MY',
          'ekyc.io/target': 'aws',
          'ekyc.io/database-role': 'primary',
        },
      },
      spec: {
        type: 'ekyc-region',
        owner: 'group:default/platform-team',
        system: 'default/ekyc',
      },
    }),
  );
  portal = await startPortalBackend([
    path.join(sandboxDir, 'app-config.sandbox.yaml'),
  ]);
  token = await guestToken(portal.baseUrl);
  await waitForTemplates(portal.baseUrl, token);
});

after(async () => {
  await portal?.stop();
  fs.rmSync(awsPrimaryDir, { recursive: true, force: true });
});

describe('the sovereign-site template', () => {
  it('refuses a BD site that replicates to Singapore at validate, before any Pulumi operation', async () => {
    const id = await startTask('sovereign-site', {
      ...bdSiteForm,
      replicateTo: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
    });
    const { status, log } = await waitForTask(id);
    assert.equal(status, 'failed');
    const text = log.join('\n');
    assert.match(
      text,
      /database\.replicateTo\.0: Bangladesh \(BD\) rule "in-country" forbids its personal data in the database replica at cloud region ap-southeast-1/,
    );
    assert.doesNotMatch(text, /Beginning step Preview/);
    assert.equal(namespaceExists('ekyc-bd-dhaka-1'), false);
  });

  it("refuses a BD site on the Singapore cluster at validate, naming BD's rule, and creates nothing", async () => {
    const id = await startTask('sovereign-site', {
      ...bdSiteForm,
      cluster: singapore,
    });
    const { status, log } = await waitForTask(id);
    assert.equal(status, 'failed');
    const text = log.join('\n');
    assert.match(
      text,
      /cluster: cluster sandbox-singapore \(SG, cloud region ap-southeast-1\) is outside BD: a sovereign site lands only on a cluster in its country, by Bangladesh's rule \(in-country: .*Personal Data Protection Ordinance 2025.*choose one of: sandbox-dhaka/,
    );
    assert.doesNotMatch(text, /Beginning step Preview/);
    assert.equal(namespaceExists('ekyc-bd-dhaka-1'), false);
  });

  it('previews in a dry run and creates nothing', async () => {
    const dir = path.join(repoRoot, 'templates/sovereign-site');
    const files = (folder: string): { path: string; base64Content: string }[] =>
      fs
        .readdirSync(path.join(dir, folder), { withFileTypes: true })
        .flatMap(entry => {
          const relative = path.join(folder, entry.name);
          return entry.isDirectory()
            ? files(relative)
            : [
                {
                  path: relative,
                  base64Content: fs
                    .readFileSync(path.join(dir, relative))
                    .toString('base64'),
                },
              ];
        });
    const template = parse(
      fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
    );
    const result = await api('POST', '/scaffolder/v2/dry-run', {
      template,
      values: bdSiteForm,
      secrets: {},
      directoryContents: files('.'),
    });
    const log = result.log
      .map((e: any) => e.body?.message ?? '')
      .join('\n')
      .replace(/\u001b\[[0-9;]*m/g, '');
    assert.match(log, /will create kubernetes:apps\/v1:StatefulSet bd-dhaka-1/);
    assert.match(
      log,
      /will create kubernetes:apps\/v1:Deployment bd-dhaka-1-image-worker/,
    );
    assert.match(
      log,
      /Skipping because ekyc:environment:up does not support dry-run/,
    );
    assert.equal(namespaceExists('ekyc-bd-dhaka-1'), false);
  });

  it('is cancelled midway, and a rerun completes the site and registers it', async () => {
    const first = await startTask('sovereign-site', bdSiteForm);
    await decidePlanOf(portal.baseUrl, first, approver);
    // Cancel once the apply has created its first resource (the preview before it
    // logs creates too); the Services' wait for endpoints keeps the apply going ~10 s.
    await waitForTask(first, (status, log) => {
      const apply = log.indexOf('Beginning step Apply');
      return (
        status !== 'processing' ||
        (apply >= 0 &&
          log.slice(apply).some(line => /ok +create +kubernetes:/.test(line)))
      );
    });
    await api('POST', `/scaffolder/v2/tasks/${first}/cancel`);
    const cancelled = await waitForTask(first);
    // The scaffolder ends a task whose step stopped on cancel as failed.
    assert.ok(['cancelled', 'failed'].includes(cancelled.status));
    const stopped = cancelled.log.join('\n');
    assert.match(stopped, /Step up has been cancelled/);
    assert.match(
      stopped,
      /"up" on ekyc-environments\/bd-dhaka-1 was cancelled; resources already changed stay as they are, and the next "up" completes the environment/,
    );
    assert.doesNotMatch(stopped, /Beginning step Write the catalog entity/);

    const second = await startTask('sovereign-site', bdSiteForm);
    const plan = await decidePlanOf(portal.baseUrl, second, approver);
    const { status, log } = await waitForTask(second);
    assert.equal(status, 'completed', log.join('\n'));
    assert.ok(
      log.some(line =>
        line.includes(
          `plan ${plan.id} of bd-dhaka-1: requested by user:development/guest, approved by ${approver}`,
        ),
      ),
      log.join('\n'),
    );
    // The rerun applies over what the cancelled apply left, and finishes it.
    const rerunApply = log.slice(log.indexOf('Beginning step Apply'));
    assert.ok(
      rerunApply.some(line => /summary: /.test(line)),
      log.join('\n'),
    );

    // On the in-country cluster, and nowhere else.
    const pods = kubectl(dhaka, 'get', 'pods', '-n', 'ekyc-bd-dhaka-1').items;
    assert.equal(namespacesOf(singapore).includes('ekyc-bd-dhaka-1'), false);
    const workerNodes = pods
      .filter(
        (p: any) =>
          p.metadata.labels['app.kubernetes.io/name'] === 'image-worker',
      )
      .map((p: any) => p.spec.nodeName);
    assert.ok(workerNodes.length >= 4, JSON.stringify(workerNodes));
    assert.ok(
      workerNodes.every((n: string) => n.startsWith('gpu-bd-dhaka-1-')),
    );

    const entity = await entityByName(
      'resource',
      'ekyc-environments',
      'bd-dhaka-1',
    );
    assert.equal(entity.spec.type, 'ekyc-sovereign-site');
    assert.equal(
      entity.metadata.annotations['pulumi.com/stack'],
      'ekyc-environments/bd-dhaka-1',
    );
    assert.equal(entity.metadata.annotations['ekyc.io/country'], 'BD');
    assert.equal(
      entity.metadata.annotations['backstage.io/kubernetes-id'],
      'bd-dhaka-1',
    );

    assert.equal(
      entity.metadata.annotations['backstage.io/kubernetes-cluster'],
      dhaka,
    );
    // Its link to the hub region, as the catalog graph draws it.
    await assertLinkRegistered();

    // The Kubernetes tab asks the site's own cluster, and no other.
    const workloads = await api('POST', '/kubernetes/services/bd-dhaka-1', {
      entity,
    });
    assert.deepEqual(
      workloads.items.map((item: any) => item.cluster.name),
      [dhaka],
    );
    const [cluster] = workloads.items;
    const podCount = cluster.resources.find((r: any) => r.type === 'pods')
      .resources.length;
    assert.ok(podCount >= 7, `the Kubernetes tab sees ${podCount} pods`);
  });
});

describe('the region-environment and ekyc-service templates', () => {
  it('applies the Singapore region onto its L4 nodes and registers it', async () => {
    const id = await startTask(
      'region-environment',
      singaporeRegionForm('ap-southeast-1-e2e', ['SG', 'MY']),
    );
    const { status, log } = await waitForTask(id);
    assert.equal(status, 'completed', log.join('\n'));
    const entity = await entityByName(
      'resource',
      'ekyc-environments',
      'ap-southeast-1-e2e',
    );
    assert.equal(entity.spec.type, 'ekyc-region');
    assert.equal(
      entity.metadata.annotations['ekyc.io/region'],
      'ap-southeast-1',
    );
    assert.equal(
      entity.metadata.annotations['ekyc.io/served-countries'],
      'SG,MY',
    );
    // On the Singapore cluster, and nowhere else.
    assert.ok(namespacesOf(singapore).includes('ekyc-ap-southeast-1-e2e'));
    assert.equal(
      namespacesOf(dhaka).includes('ekyc-ap-southeast-1-e2e'),
      false,
    );
  });

  it("refuses an Aurora global secondary where its primary's countries' rules forbid, reading the primary from the catalog", async () => {
    // On aws the region creates its own cluster: no cluster is named (an undefined
    // value is left out of the request).
    const standby = {
      ...singaporeRegionForm('jakarta-standby-e2e', ['ID']),
      cluster: undefined,
      region: 'ap-southeast-3',
      role: 'secondary',
      target: 'aws',
      databaseRole: 'replica',
    };
    const refusalOf = async (primaryEnvironment: string) => {
      const id = await startTask('region-environment', {
        ...standby,
        primaryEnvironment,
      });
      const { status, log } = await waitForTask(id);
      assert.equal(status, 'failed');
      const text = log.join('\n');
      assert.doesNotMatch(text, /Beginning step Preview/);
      return text;
    };
    assert.match(
      await refusalOf('nowhere-e2e'),
      /database\.primary\.environment: resource:ekyc-environments\/nowhere-e2e is not in the catalog/,
    );
    // The region the test above applied runs on the sandbox's cluster: no Aurora.
    assert.match(
      await refusalOf('ap-southeast-1-e2e'),
      /database\.primary\.environment: resource:ekyc-environments\/ap-southeast-1-e2e runs on target kubernetes, whose database is not Aurora/,
    );
    // The catalog says the aws primary serves SG and MY: the request says nothing of it.
    const text = await refusalOf(awsPrimary);
    assert.match(
      text,
      /database\.primary\.servesCountries: ap-southeast-1-aws-e2e → jakarta-standby-e2e \(Aurora global secondary\): Singapore \(SG\) rule/,
    );
    assert.match(text, /Malaysia \(MY\) rule/);
    assert.equal(namespaceExists('ekyc-jakarta-standby-e2e'), false);
  });

  it('registers a new GPU service with the labels the dashboard reads', async () => {
    const id = await startTask('ekyc-service', {
      name: 'document-classifier',
      description: 'Classifies ID document images by type before OCR.',
      stage: 'preprocess',
      gpu: true,
      holdsPersonalData: true,
      owner: 'group:default/identity-team',
    });
    const { status, log } = await waitForTask(id);
    assert.equal(status, 'completed', log.join('\n'));
    const entity = await entityByName(
      'component',
      'default',
      'document-classifier',
    );
    assert.equal(entity.metadata.labels['ekyc.io/stage'], 'preprocess');
    assert.equal(entity.metadata.labels['ekyc.io/gpu'], 'true');
    assert.equal(entity.spec.system, 'ekyc');
    const manifest = fs.readFileSync(
      path.join(
        sandboxDir,
        'catalog/document-classifier/deploy/kubernetes.yaml',
      ),
      'utf8',
    );
    assert.match(manifest, /nvidia.com\/gpu: 1/);
    assert.match(manifest, /ekyc.io\/stage: preprocess/);
  });
});

describe('the sovereign-site form in a browser', () => {
  it('refuses a replica abroad, then runs the BD site to completion and shows its workloads', async () => {
    // The API tests above created the site; the form creates new environments only.
    destroyEnvironment('examples/sovereign-site-bd.yaml');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const page = await (
      await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    ).newPage();
    const shots = path.join(repoRoot, 'test-results');
    const pages: Array<[string, typeof page]> = [['form', page]];
    try {
      await page.goto(portal.baseUrl);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page.getByRole('link', { name: 'Create' }).first().waitFor();
      await page.goto(
        `${portal.baseUrl}/create/templates/default/sovereign-site`,
      );

      await page.locator('#root_country').click();
      await page.getByRole('option', { name: 'Bangladesh (BD)' }).click();
      await page
        .getByText(
          'Rule “in-country”: NID-linked personal data stays in Bangladesh',
        )
        .waitFor();
      await page.locator('#root_site').fill('bd-dhaka-1');
      // Only the clusters in Bangladesh are offered: Singapore's is not.
      await page.locator('#root_cluster').click();
      const offered = await page.getByRole('option').allTextContents();
      assert.deepEqual(offered, [
        'Dhaka, in-country (sandbox) — cluster sandbox-dhaka (BD, site bd-dhaka-1)',
      ]);
      await page.getByRole('option').first().click();
      await page.getByLabel('BD', { exact: true }).check();
      await page.getByTitle('Add Item').click();
      await page.locator('#root_replicateTo_0_region').click();
      await page.getByRole('option', { name: 'ap-southeast-1' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      // The form stays on its first page, saying why.
      await page
        .getByText(
          'Bangladesh (BD) rule "in-country" forbids its personal data in the database replica at cloud region ap-southeast-1',
        )
        .first()
        .waitFor();
      await page.getByTitle('Remove').click();

      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Database storage').first().waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Link to the cloud').first().waitFor();
      // The sandbox has no AWS credentials: aws is offered disabled, saying why.
      const awsNote = page.getByTestId('target-unavailable-aws');
      await awsNote.waitFor();
      assert.match(
        await awsNote.innerText(),
        /^aws is not available here: .*no AWS credentials are configured/,
      );
      await page.locator('#root_target').click();
      assert.equal(
        await page
          .getByRole('option', { name: 'aws' })
          .getAttribute('aria-disabled'),
        'true',
      );
      await page.getByRole('option', { name: 'kubernetes' }).click();
      await page.locator('#root_hubRegion').click();
      await page.getByRole('option', { name: 'ap-southeast-1' }).click();
      await page
        .locator('#root_hubEnvironment')
        .fill(bdSiteForm.hubEnvironment);
      // The routers' list is the page's last array.
      for (const [index, ip] of bdSiteForm.customerGatewayIps.entries()) {
        await page.getByTitle('Add Item').last().click();
        await page.locator(`#root_customerGatewayIps_${index}`).fill(ip);
      }
      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('#root_owner').click();
      await page.locator('#root_owner').fill('Operations Bangladesh');
      await page
        .getByRole('option', { name: 'Operations Bangladesh' })
        .first()
        .click();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();

      await page.waitForURL(/\/create\/tasks\//);
      const taskId = new URL(page.url()).pathname.split('/').pop()!;
      // The plan waits in the approvals view; its requester may not decide it.
      const approvals = await page.context().newPage();
      pages.push(['approvals', approvals]);
      await approvals.goto(`${portal.baseUrl}/ekyc-regions/approvals`);
      await approvals
        .getByText('Apply bd-dhaka-1 (sovereign-site)')
        .waitFor({ timeout: 240_000 });
      await approvals
        .getByText(
          'You requested this plan: another platform member decides it.',
        )
        .waitFor();
      assert.equal(
        await approvals.getByRole('button', { name: 'Approve' }).isDisabled(),
        true,
      );
      await approvals.screenshot({
        path: path.join(shots, 'sovereign-site-approval.png'),
        fullPage: true,
      });
      const plan = await decidePlanOf(portal.baseUrl, taskId, approver);
      await page
        .getByText('The new site in the catalog')
        .waitFor({ timeout: 240_000 });
      // The audit log names the requester and the approver of the applied plan.
      const audit = fs
        .readFileSync(portal.logFile, 'utf8')
        .split('\n')
        .filter(line => line.includes(plan.id));
      assert.ok(
        audit.some(
          line =>
            line.includes('plan-approval-decided') &&
            line.includes('user:development/guest') &&
            line.includes(approver),
        ),
        audit.join('\n'),
      );
      assert.ok(
        audit.some(line => line.includes('plan-applied')),
        audit.join('\n'),
      );
      await page.screenshot({
        path: path.join(shots, 'sovereign-site-task.png'),
        fullPage: true,
      });
      const { log } = await waitForTask(taskId);
      assert.ok(
        log.some(line =>
          line.includes('Beginning step Register its hybrid link'),
        ),
        log.join('\n'),
      );
      await assertLinkRegistered();

      await page.getByText('Its workloads (Kubernetes tab)').click();
      await page.waitForURL(
        /\/catalog\/ekyc-environments\/resource\/bd-dhaka-1\/kubernetes/,
      );
      // API, four GPU workers and the database, none failing, on the in-country
      // cluster: the only one the tab shows.
      await page
        .getByText('Dhaka, in-country (sandbox)')
        .waitFor({ timeout: 60_000 });
      assert.equal(
        await page.getByText('Singapore region (sandbox)').count(),
        0,
      );
      await page.getByText('7 pods').waitFor({ timeout: 60_000 });
      await page.getByText('No pods with errors').waitFor();
      await page.screenshot({
        path: path.join(shots, 'sovereign-site-kubernetes.png'),
        fullPage: true,
      });
    } catch (error) {
      fs.mkdirSync(shots, { recursive: true });
      for (const [name, shown] of pages) {
        await shown.screenshot({
          path: path.join(shots, `sovereign-site-failure-${name}.png`),
          fullPage: true,
        });
      }
      throw error;
    } finally {
      await browser.close();
    }
  });
});
