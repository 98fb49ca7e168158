import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  entityAnnotations,
  parseTopologySpec,
  topologyEntityOf,
} from '@internal/ekyc-domain';
import {
  environmentsIn,
  regionEntity,
  specReaderOver,
} from '../__testUtils__/environmentEntities';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PlanApprovals } from '../approvals/planApprovals';
import { PlanFileStore } from '../plans/planFileStore';
import { createCatalogFilesAction } from './catalogFiles';
import { createPreviewAction } from './preview';
import { primaryOfEntity, withPrimaryFromCatalog } from './primaryEnvironment';
import { createUpAction } from './up';

// The catalog is Backstage's in-memory double, holding entities as the templates
// register them.
const examples = path.resolve(__dirname, '../../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));

const entities = [
  regionEntity('us-east-1-primary', { region: 'us-east-1', serves: 'US' }),
  regionEntity('ap-southeast-1-primary', {
    region: 'ap-southeast-1',
    serves: 'SG,MY,TH',
  }),
  regionEntity('sandbox-sg', {
    region: 'ap-southeast-1',
    serves: 'ID',
    target: 'kubernetes',
  }),
  regionEntity('us-west-2-secondary', {
    region: 'us-west-2',
    serves: 'US',
    databaseRole: 'replica',
    databasePrimary: 'us-east-1-primary',
  }),
];
const readSpec = specReaderOver(entities);
const catalog = environmentsIn(entities);

/** us-west-2's example as the form sends it: the primary named, nothing else of it. */
function secondaryRequest(primary: string, region = 'us-west-2') {
  const spec = example('region-us-west-2.yaml');
  delete spec.database.replicaOf;
  spec.database.primary = { environment: primary };
  spec.region = region;
  return spec;
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error) => error,
  );

describe('an Aurora global secondary named by its primary', () => {
  it('takes where the primary is and whom it serves from the catalog', async () => {
    const spec = await readSpec(secondaryRequest('us-east-1-primary'));
    expect(spec.database).toMatchObject({
      role: 'replica',
      replicaOf: { type: 'cloud-region', region: 'us-east-1' },
      primary: { environment: 'us-east-1-primary', servesCountries: ['US'] },
    });
  });

  it("is refused where a country its primary serves may not keep data, naming the edge and the country's rule", async () => {
    const request = secondaryRequest(
      'ap-southeast-1-primary',
      'ap-southeast-3',
    );
    request.servesCountries = ['ID'];
    request.id = 'jakarta-standby';
    const refusal = await refusalOf(readSpec(request));
    expect(refusal?.name).toBe('InputError');
    expect(refusal?.message).toContain(
      'database.primary.servesCountries: ap-southeast-1-primary → jakarta-standby (Aurora global secondary): Singapore (SG) rule',
    );
  });

  it('refuses a request that says otherwise than the catalog, by field, in every action that reads the spec', async () => {
    const understated = secondaryRequest('ap-southeast-1-primary');
    understated.database.primary.servesCountries = ['US'];
    await expect(readSpec(understated)).rejects.toThrow(
      'database.primary.servesCountries: ap-southeast-1-primary serves SG, MY, TH, as the catalog has it: leave servesCountries out, the portal reads it',
    );
    const elsewhere = secondaryRequest('us-east-1-primary');
    elsewhere.database.replicaOf = {
      type: 'cloud-region',
      region: 'ca-central-1',
    };
    await expect(readSpec(elsewhere)).rejects.toThrow(
      'database.replicaOf: us-east-1-primary is in us-east-1, as the catalog has it',
    );
  });

  it('follows only the Aurora primary of a region on aws', async () => {
    await expect(
      withPrimaryFromCatalog(secondaryRequest('nowhere-1'), catalog),
    ).rejects.toThrow(
      'database.primary.environment: resource:ekyc-environments/nowhere-1 is not in the catalog',
    );
    await expect(
      withPrimaryFromCatalog(secondaryRequest('sandbox-sg'), catalog),
    ).rejects.toThrow(
      'resource:ekyc-environments/sandbox-sg runs on target kubernetes, whose database is not Aurora',
    );
    await expect(
      withPrimaryFromCatalog(secondaryRequest('us-west-2-secondary'), catalog),
    ).rejects.toThrow(
      'resource:ekyc-environments/us-west-2-secondary is itself a replica: follow the primary of its global database',
    );
    expect(
      primaryOfEntity('site-1', {
        metadata: {},
        spec: { type: 'ekyc-sovereign-site' },
      }),
    ).toEqual({
      error:
        "resource:ekyc-environments/site-1 is not a region environment (spec.type ekyc-sovereign-site): an Aurora global secondary follows a region's database",
    });
    expect(
      primaryOfEntity('bare-1', {
        metadata: {},
        spec: { type: 'ekyc-region' },
      }),
    ).toEqual({
      error: `resource:ekyc-environments/bare-1 lacks ${entityAnnotations.region}: register it again with the region template or ekyc-infra`,
    });
  });

  it('leaves a spec that names no primary as it is', async () => {
    const spec = example('region-ap-southeast-1.yaml');
    await expect(withPrimaryFromCatalog(spec, catalog)).resolves.toBe(spec);
  });
});

describe('a primary with secondaries', () => {
  it('may not come to serve a country whose rule does not allow a secondary’s region', async () => {
    const usEast = example('region-us-east-1.yaml');
    expect((await readSpec(usEast)).id).toBe('us-east-1-primary');
    // Mexico's rule lists us-east-1 but not us-west-2, where its secondary copies it.
    const refusal = await refusalOf(
      readSpec({
        ...usEast,
        servesCountries: ['US', 'MX'],
        database: { ...usEast.database, replicateTo: [] },
      }),
    );
    expect(refusal?.message).toMatch(
      /^servesCountries: us-east-1-primary → us-west-2-secondary: Mexico \(MX\) rule .* Aurora global secondary us-west-2-secondary at cloud region us-west-2/,
    );
  });
});

describe('an environment a catalog topology routes to', () => {
  // Mexico's users fail over to us-east-1, which its rule lists; us-west-2 it does not.
  const usEast = example('region-us-east-1.yaml');
  const mexico = {
    ...usEast,
    id: 'mx-central-1-primary',
    region: 'mx-central-1',
    servesCountries: ['MX'],
    database: { ...usEast.database, replicateTo: [] },
  };
  const americas = topologyEntityOf(
    parseTopologySpec({
      kind: 'topology',
      id: 'americas',
      environments: [
        mexico,
        { ...usEast, database: { ...usEast.database, replicateTo: [] } },
      ],
      countries: {
        MX: {
          primary: 'mx-central-1-primary',
          failover: ['us-east-1-primary'],
        },
        US: { primary: 'us-east-1-primary' },
      },
      owner: 'group:default/platform-team',
    }),
  );
  const readUnderTopology = specReaderOver([entities[0], americas]);

  it("is refused where the topology would then carry a country's data where its rule does not allow", async () => {
    // The example replicates to us-west-2: the US allows it, Mexico's failover does not.
    const refusal = await refusalOf(readUnderTopology(usEast));
    expect(refusal?.name).toBe('InputError');
    expect(refusal?.message).toMatch(
      /^database\.replicateTo: topology resource:ekyc-topologies\/americas: Mexico \(MX\): mx-central-1-primary fails over to us-east-1-primary, which would keep MX's personal data at cloud region us-west-2 \(US\); MX's rule .* Change the request, or change the topology first/,
    );
    expect(
      (
        await readUnderTopology({
          ...usEast,
          database: { ...usEast.database, replicateTo: [] },
        })
      ).id,
    ).toBe('us-east-1-primary');
  });

  it('is refused while any topology of the catalog cannot be read', async () => {
    const broken = {
      ...americas,
      metadata: { ...americas.metadata, name: 'asia-broken' },
      spec: {
        ...americas.spec,
        dependsOn: ['resource:ekyc-environments/bd-dhaka-1'],
        countries: 'unreadable',
      },
    };
    const refusal = await refusalOf(
      specReaderOver([entities[0], broken])({
        ...usEast,
        database: { ...usEast.database, replicateTo: [] },
      }),
    );
    expect(refusal?.message).toMatch(
      /^id: topology resource:ekyc-topologies\/asia-broken cannot be read \(spec\.countries.*\), so no change to an environment can be checked against it/,
    );
  });

  it('is refused where it would stop serving a country the topology sends it', async () => {
    const refusal = await refusalOf(
      readUnderTopology({
        ...usEast,
        servesCountries: ['MX'],
        database: { ...usEast.database, replicateTo: [] },
      }),
    );
    expect(refusal?.message).toMatch(
      /^servesCountries: topology resource:ekyc-topologies\/americas: it sends US's users to us-east-1-primary/,
    );
  });
});

describe('the actions after validate', () => {
  it('refuse a secondary whose spec misstates its primary, before anything is asked of Pulumi', async () => {
    const tampered = secondaryRequest(
      'ap-southeast-1-primary',
      'ap-southeast-3',
    );
    tampered.id = 'jakarta-standby';
    tampered.servesCountries = ['ID'];
    // As if written past validate: ID alone, which Jakarta allows.
    tampered.database.replicaOf = {
      type: 'cloud-region',
      region: 'ap-southeast-1',
    };
    tampered.database.primary.servesCountries = ['ID'];
    const untouched = () => {
      throw new Error('the environments were reached');
    };
    const noApprovals = {} as PlanApprovals;
    const noPlans = {} as PlanFileStore;
    for (const action of [
      createPreviewAction(
        untouched,
        async () => undefined,
        noApprovals,
        noPlans,
        readSpec,
      ),
      createUpAction(
        untouched,
        async () => undefined,
        noApprovals,
        noPlans,
        readSpec,
      ),
      createCatalogFilesAction(readSpec),
    ]) {
      const ctx = createMockActionContext({ input: { spec: tampered } });
      await expect(action.handler(ctx as any)).rejects.toThrow(
        'database.primary.servesCountries: ap-southeast-1-primary serves SG, MY, TH, as the catalog has it',
      );
    }
  });
});
