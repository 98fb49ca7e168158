import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { entityAnnotations } from '@internal/ekyc-domain';
import {
  PrimaryLookup,
  primaryOfEntity,
  withPrimaryFromCatalog,
} from './primaryEnvironment';
import { specWithCatalogFacts } from './spec';

const examples = path.resolve(__dirname, '../../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));

const regionEntity = (region: string, serves: string) => ({
  metadata: {
    annotations: {
      [entityAnnotations.region]: region,
      [entityAnnotations.servesCountries]: serves,
    },
  },
  spec: { type: 'ekyc-region' },
});

/** The catalog's environments, as primaryOfEntity reads them. */
const catalogOf =
  (entities: Record<string, ReturnType<typeof regionEntity>>): PrimaryLookup =>
  async id =>
    primaryOfEntity(id, entities[id]);

const catalog = catalogOf({
  'us-east-1-primary': regionEntity('us-east-1', 'US'),
  'ap-southeast-1-primary': regionEntity('ap-southeast-1', 'SG,MY,TH'),
});

/** us-west-2's example as the form sends it: the primary named, nothing else of it. */
function secondaryRequest(primary: string, region = 'us-west-2') {
  const spec = example('region-us-west-2.yaml');
  delete spec.database.replicaOf;
  spec.database.primary = { environment: primary };
  spec.region = region;
  return spec;
}

describe('an Aurora global secondary named by its primary', () => {
  it('takes where the primary is and whom it serves from the catalog', async () => {
    const spec = await specWithCatalogFacts(
      secondaryRequest('us-east-1-primary'),
      catalog,
    );
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
    const refusal = await specWithCatalogFacts(request, catalog).then(
      () => undefined,
      error => error as Error,
    );
    expect(refusal?.name).toBe('InputError');
    expect(refusal?.message).toContain(
      'database.primary.servesCountries: ap-southeast-1-primary → jakarta-standby (Aurora global secondary): Singapore (SG) rule',
    );
  });

  it('refuses a request that says otherwise than the catalog, by field', async () => {
    const understated = secondaryRequest('ap-southeast-1-primary');
    understated.database.primary.servesCountries = ['US'];
    await expect(withPrimaryFromCatalog(understated, catalog)).rejects.toThrow(
      'database.primary.servesCountries: ap-southeast-1-primary serves SG, MY, TH, as the catalog has it: leave servesCountries out, the portal reads it',
    );
    const elsewhere = secondaryRequest('us-east-1-primary');
    elsewhere.database.replicaOf = {
      type: 'cloud-region',
      region: 'ca-central-1',
    };
    await expect(withPrimaryFromCatalog(elsewhere, catalog)).rejects.toThrow(
      'database.replicaOf: us-east-1-primary is in us-east-1, as the catalog has it',
    );
  });

  it('refuses a primary the catalog does not have as a region', async () => {
    await expect(
      withPrimaryFromCatalog(secondaryRequest('nowhere-1'), catalog),
    ).rejects.toThrow(
      'database.primary.environment: resource:ekyc-environments/nowhere-1 is not in the catalog',
    );
    const site = catalogOf({
      'bd-dhaka-1': {
        ...regionEntity('ap-southeast-1', 'BD'),
        spec: { type: 'ekyc-sovereign-site' },
      },
    });
    await expect(
      withPrimaryFromCatalog(secondaryRequest('bd-dhaka-1'), site),
    ).rejects.toThrow(
      "is not a region environment (spec.type ekyc-sovereign-site): an Aurora global secondary follows a region's database",
    );
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
