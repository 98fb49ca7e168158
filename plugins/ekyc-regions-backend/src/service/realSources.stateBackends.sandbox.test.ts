// State kept in-country: with `stateBackends`, the BD site's stack lives in a Pulumi
// PostgreSQL backend of its own, the region's in the shared one, each written by a
// runner on the backend stateBackendOf picks (as the scaffolder's actions pick it), and
// the dashboard's stack reads find both. The real Pulumi CLI, the real PostgreSQL at
// EKYC_TEST_POSTGRES_URL (scripts/test.sh sets it when one answers on loopback), in two
// databases created for the test and dropped after it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  parseEnvironmentSpecYaml,
  pulumiProjectName,
} from '@internal/ekyc-domain';
import {
  EnvironmentRunner,
  findPulumiCommand,
} from '@internal/infra-automation/runner';
import {
  readEnvironmentsSettings,
  stateBackendOf,
} from '@internal/infra-automation/settings';
import { Client } from 'pg';
import { readRegionsConfig } from '../config';
import { realFleetSources } from './realSources';

jest.setTimeout(300_000);

const adminUrl = process.env.EKYC_TEST_POSTGRES_URL;
const suffix = randomBytes(4).toString('hex');
const databases = {
  region: `ekyc_pulumi_region_${suffix}`,
  bd: `ekyc_pulumi_bd_${suffix}`,
};

const backendUrl = (database: string) => {
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
};

async function stateKeys(database: string): Promise<string[]> {
  const client = new Client({ connectionString: backendUrl(database) });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT key FROM pulumi_state WHERE key LIKE '%/stacks/%'",
    );
    return rows.map(row => row.key);
  } finally {
    await client.end();
  }
}

const example = parseEnvironmentSpecYaml(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/sovereign-site-bd.yaml'),
    'utf8',
  ),
);
const bdSite = { ...example, id: `state-bd-${suffix}` };
const region = { ...example, id: `state-region-${suffix}` };

const describeWithPostgres = adminUrl ? describe : describe.skip;
if (!adminUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    'In-country state is not tested: EKYC_TEST_POSTGRES_URL is not set (scripts/test.sh sets it when a server answers on 127.0.0.1:5432; point it at one to run this)',
  );
}

describeWithPostgres('state kept in-country (stateBackends)', () => {
  const admin = new Client({ connectionString: adminUrl });
  const config = () =>
    new ConfigReader({
      ekyc: {
        environments: {
          pulumi: {
            backendUrl: backendUrl(databases.region),
            passphrase: 'region-only',
            stateBackends: [
              {
                environments: [bdSite.id],
                backendUrl: backendUrl(databases.bd),
                passphrase: 'bd-only',
              },
            ],
          },
        },
      },
    });

  beforeAll(async () => {
    await admin.connect();
    for (const database of Object.values(databases)) {
      await admin.query(`CREATE DATABASE ${database}`);
    }
  });

  afterAll(async () => {
    for (const database of Object.values(databases)) {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
    await admin.end();
  });

  it("keeps the BD site's stack in its own backend only, and the dashboard reads both", async () => {
    const pulumi = readEnvironmentsSettings(config())!.pulumi;
    const pulumiCommand = await findPulumiCommand();
    for (const spec of [bdSite, region]) {
      // A program with no resources: where its state goes is what is tested here.
      const runner = new EnvironmentRunner({
        pulumiCommand,
        ...stateBackendOf(pulumi, spec.id),
        policyPacks: [],
        targets: {
          kubernetes: { programFor: s => async () => ({ environment: s.id }) },
        },
      });
      await runner.up(spec);
    }

    const [bdKeys, regionKeys] = await Promise.all([
      stateKeys(databases.bd),
      stateKeys(databases.region),
    ]);
    expect(bdKeys.some(key => key.includes(bdSite.id))).toBe(true);
    expect(bdKeys.some(key => key.includes(region.id))).toBe(false);
    expect(regionKeys.some(key => key.includes(region.id))).toBe(true);
    expect(regionKeys.some(key => key.includes(bdSite.id))).toBe(false);

    const sources = realFleetSources({
      rootConfig: config(),
      config: readRegionsConfig(config()),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
    });
    await expect(
      sources.stackOutputs(`${pulumiProjectName}/${bdSite.id}`),
    ).resolves.toMatchObject({
      environment: bdSite.id,
    });
    await expect(
      sources.stackOutputs(`${pulumiProjectName}/${region.id}`),
    ).resolves.toMatchObject({
      environment: region.id,
    });
  });
});
