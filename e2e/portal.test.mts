// The real portal: backend started as a user would, catalog served from this repo's
// files, the built frontend in Debian's Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  guestToken,
  repoRoot,
  startPortalBackend,
  type PortalBackend,
} from './portalBackend.mts';

let portal: PortalBackend;

before(async () => {
  portal = await startPortalBackend();
});

after(async () => {
  await portal?.stop();
});

async function getJson(url: string, token?: string) {
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: res.status,
    body: res.ok ? await res.json() : await res.text(),
  };
}

// The catalog ingests the files shortly after start; wait for the whole system.
async function ekycComponents(
  token: string,
): Promise<Array<{ metadata: { name: string } }>> {
  const url = `${portal.baseUrl}/api/catalog/entities/by-query?filter=kind=component,spec.system=ekyc&limit=100`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { status, body } = await getJson(url, token);
    assert.equal(status, 200, `catalog query: ${JSON.stringify(body)}`);
    if (body.items.length >= 11 || Date.now() > deadline) return body.items;
    await new Promise(r => setTimeout(r, 1000));
  }
}

describe('portal backend', () => {
  it('serves the eKYC components to a signed-in user', async () => {
    const items = await ekycComponents(await guestToken(portal.baseUrl));
    const names = items.map(i => i.metadata.name);
    assert.ok(names.length >= 10, `only ${names.length} components: ${names}`);
    assert.ok(
      names.includes('face-match') && names.includes('nid-gateway-api'),
    );
  });

  it('serves the system and its API relations to a service with a static token', async () => {
    await ekycComponents(portal.serviceToken);
    const { status, body } = await getJson(
      `${portal.baseUrl}/api/catalog/entities/by-name/component/default/nid-gateway-api`,
      portal.serviceToken,
    );
    assert.equal(status, 200);
    const relations = body.relations.map(
      (r: { type: string; targetRef: string }) => `${r.type} ${r.targetRef}`,
    );
    assert.ok(
      relations.includes('providesApi api:default/nid-validation-api'),
      relations.join(', '),
    );
    assert.ok(
      relations.includes('partOf system:default/ekyc'),
      relations.join(', '),
    );
  });

  it('serves the public NID validation API with its OpenAPI definition', async () => {
    await ekycComponents(portal.serviceToken);
    const { status, body } = await getJson(
      `${portal.baseUrl}/api/catalog/entities/by-name/api/default/nid-validation-api`,
      portal.serviceToken,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.spec.type, 'openapi');
    assert.match(body.spec.definition, /^openapi: 3\./);
  });

  it('ingests every entity without processing errors', async () => {
    await ekycComponents(portal.serviceToken);
    const { body } = await getJson(
      `${portal.baseUrl}/api/catalog/entities?fields=kind,metadata.name,status`,
      portal.serviceToken,
    );
    const kinds = new Map<string, number>();
    for (const entity of body) {
      kinds.set(entity.kind, (kinds.get(entity.kind) ?? 0) + 1);
    }
    // An entity whose first processing fails is never stored: the counts catch that.
    assert.ok((kinds.get('API') ?? 0) >= 11, JSON.stringify([...kinds]));
    assert.ok((kinds.get('Resource') ?? 0) >= 6, JSON.stringify([...kinds]));
    const withErrors = body
      .filter((e: any) =>
        e.status?.items?.some((i: any) => i.level === 'error'),
      )
      .map((e: any) => `${e.kind}:${e.metadata.name}`);
    assert.deepEqual(withErrors, []);
  });

  it('refuses requests without credentials', async () => {
    const { status } = await getJson(
      `${portal.baseUrl}/api/catalog/entities?limit=1`,
    );
    assert.equal(status, 401);
  });

  it('keeps guests read-only: deleting an entity is forbidden', async () => {
    const token = await guestToken(portal.baseUrl);
    const { body } = await getJson(
      `${portal.baseUrl}/api/catalog/entities/by-name/component/default/face-match`,
      token,
    );
    const res = await fetch(
      `${portal.baseUrl}/api/catalog/entities/by-uid/${body.metadata.uid}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(res.status, 403);
    const still = await getJson(
      `${portal.baseUrl}/api/catalog/entities/by-name/component/default/face-match`,
      token,
    );
    assert.equal(still.status, 200);
  });
});

describe('portal in a browser', () => {
  let browser: Browser;
  const shots = path.join(repoRoot, 'test-results');

  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('signs in as guest and finds system ekyc with its components', async () => {
    // The catalog must hold the system before the page asks for it.
    await ekycComponents(portal.serviceToken);
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    try {
      await page.goto(portal.baseUrl);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByRole('link', { name: 'eKYC', exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'catalog.png') });

      await page.goto(`${portal.baseUrl}/catalog/default/system/ekyc`);
      await page.getByText('Face match').first().waitFor({ timeout: 60_000 });
      for (const title of [
        'NID gateway API',
        'Image preprocess',
        'Liveness check',
        'Decision engine',
      ]) {
        await page.getByText(title).first().waitFor({ timeout: 10_000 });
      }
      await page.screenshot({
        path: path.join(shots, 'system-ekyc.png'),
        fullPage: true,
      });
    } catch (error) {
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({
        path: path.join(shots, 'failure.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await context.close();
    }
  });
});
