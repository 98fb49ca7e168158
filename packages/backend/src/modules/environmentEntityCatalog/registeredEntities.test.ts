// The registered-entities route in a real catalog backend (Backstage's test backend, its
// SQLite database): what the scaffolder registers becomes an entity, a name keeps one
// entity, and no caller but the scaffolder may register.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleEnvironmentEntities } from '.';

jest.setTimeout(60_000);

const site = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'ekyc-environments' },
  spec: { type: 'ekyc-sovereign-site', owner: 'group:default/platform-team' },
});

async function startCatalog() {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleEnvironmentEntities,
      mockServices.rootConfig.factory({
        data: { catalog: { rules: [{ allow: ['Resource'] }] } },
      }),
    ],
  });
  return { http: request(backend.server), stop: () => backend.stop() };
}

const serviceHeader = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'catalog',
  });
const scaffolder = serviceHeader('plugin:scaffolder');

describe('the registered-entities route', () => {
  let catalog: Awaited<ReturnType<typeof startCatalog>>;
  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(() => catalog.stop());

  it('makes what the scaffolder registers an entity of the catalog', async () => {
    await catalog.http
      .put('/api/catalog/ekyc-registered-entities/bd-dhaka-1')
      .set('authorization', scaffolder)
      .send({ entity: site('bd-dhaka-1') })
      .expect(204);
    const deadline = Date.now() + 30_000;
    let response;
    for (;;) {
      response = await catalog.http
        .get(
          '/api/catalog/entities/by-name/resource/ekyc-environments/bd-dhaka-1',
        )
        .set('authorization', mockCredentials.user.header());
      if (response.status !== 404 || Date.now() > deadline) break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    expect(response.status).toBe(200);
    expect(response.body.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'ekyc-registered-entity:bd-dhaka-1',
    });
  });

  it('keeps one entity per name and one name per entity', async () => {
    const put = (name: string, entityName: string) =>
      catalog.http
        .put(`/api/catalog/ekyc-registered-entities/${name}`)
        .set('authorization', scaffolder)
        .send({ entity: site(entityName) });
    await put('bd-dhaka-1', 'bd-dhaka-1').expect(204);
    const taken = await put('bd-dhaka-1', 'someone-else').expect(409);
    expect(taken.body.error.message).toBe(
      "name: bd-dhaka-1 holds resource:ekyc-environments/bd-dhaka-1 in the portal's catalog, not resource:ekyc-environments/someone-else; choose another name",
    );
    const twice = await put('other-name', 'bd-dhaka-1').expect(409);
    expect(twice.body.error.message).toBe(
      'name: resource:ekyc-environments/bd-dhaka-1 is registered under bd-dhaka-1 already; register it under that name',
    );
  });

  it('refuses users, other plugins, bad names and bad entities', async () => {
    const route = '/api/catalog/ekyc-registered-entities/bd-dhaka-1';
    const entity = { entity: site('bd-dhaka-1') };
    await catalog.http
      .put(route)
      .set('authorization', mockCredentials.user.header())
      .send(entity)
      .expect(403);
    const other = await catalog.http
      .put(route)
      .set('authorization', serviceHeader('plugin:kubernetes'))
      .send(entity)
      .expect(403);
    expect(other.body.error.message).toMatch(/only the scaffolder/);
    const badName = await catalog.http
      .put('/api/catalog/ekyc-registered-entities/Not_A_Name')
      .set('authorization', scaffolder)
      .send(entity)
      .expect(400);
    expect(badName.body.error.message).toMatch(/^name: Not_A_Name is not/);
    const badEntity = await catalog.http
      .put(route)
      .set('authorization', scaffolder)
      .send({ entity: { kind: 'Resource' } })
      .expect(400);
    expect(badEntity.body.error.message).toMatch(/^entity\.apiVersion: /);
  });
});
