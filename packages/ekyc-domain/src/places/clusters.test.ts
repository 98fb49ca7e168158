import fs from 'node:fs';
import path from 'node:path';
import {
  checkClusterOfSpec,
  clusterEntityOf,
  clusterPlaceOfEntity,
  clusterPlaceSchema,
  clustersAllowedFor,
  parseEnvironmentSpec,
  parseEnvironmentSpecYaml,
  SpecValidationError,
} from '..';

const examples = path.resolve(__dirname, '../../../../examples');
const example = (name: string) =>
  parseEnvironmentSpecYaml(fs.readFileSync(path.join(examples, name), 'utf8'));

const clusters = [
  {
    name: 'sandbox-singapore',
    country: 'SG' as const,
    region: 'ap-southeast-1',
  },
  { name: 'sandbox-dhaka', country: 'BD' as const, site: 'bd-dhaka-1' },
  { name: 'bd-shared', country: 'BD' as const },
  { name: 'jakarta', country: 'ID' as const, region: 'ap-southeast-3' },
];

describe('the cluster registry', () => {
  it('lets a sovereign site land only on a cluster in its country', () => {
    const bd = example('sovereign-site-bd.yaml');
    expect(checkClusterOfSpec(bd, clusters)).toBeUndefined();
    const refusal = checkClusterOfSpec(
      { ...bd, cluster: 'sandbox-singapore' },
      clusters,
    );
    expect(refusal?.kind).toBe('residency');
    const onSingapore = refusal?.message;
    expect(onSingapore).toContain(
      'cluster sandbox-singapore (SG, cloud region ap-southeast-1) is outside BD: a sovereign site lands only on a cluster in its country',
    );
    // The rule, with its legal basis, and what would comply.
    expect(onSingapore).toContain("Bangladesh's rule (in-country:");
    expect(onSingapore).toContain('Personal Data Protection Ordinance 2025');
    expect(onSingapore).toMatch(/choose one of: sandbox-dhaka, bd-shared$/);
  });

  it('keeps a site off a cluster another site of its country owns, not off a shared one', () => {
    const other = { ...example('sovereign-site-bd.yaml'), site: 'bd-ctg-1' };
    expect(
      checkClusterOfSpec({ ...other, cluster: 'sandbox-dhaka' }, clusters),
    ).toEqual({
      kind: 'validation',
      message: expect.stringContaining(
        'belongs to site bd-dhaka-1, not bd-ctg-1',
      ),
    });
    expect(
      checkClusterOfSpec({ ...other, cluster: 'bd-shared' }, clusters),
    ).toBeUndefined();
  });

  it('runs a region on a cluster in that region', () => {
    const region = example('region-ap-southeast-1.yaml');
    expect(checkClusterOfSpec(region, clusters)).toBeUndefined();
    expect(
      checkClusterOfSpec({ ...region, cluster: 'jakarta' }, clusters)?.message,
    ).toMatch(
      /cluster jakarta \(ID, cloud region ap-southeast-3\) is not in cloud region ap-southeast-1.*choose one of: sandbox-singapore$/,
    );
  });

  it('names an unknown cluster, and says how to register one where none fits', () => {
    const bd = example('sovereign-site-bd.yaml');
    expect(checkClusterOfSpec({ ...bd, cluster: 'nowhere' }, clusters)).toEqual(
      {
        kind: 'validation',
        message:
          'no registered cluster is named nowhere: choose one of: sandbox-dhaka, bd-shared',
      },
    );
    expect(checkClusterOfSpec(bd, [clusters[0]])?.message).toMatch(
      /^no registered cluster is named sandbox-dhaka: no registered cluster may take it: register one in BD/,
    );
  });

  it('offers the clusters allowed for the place a form has chosen', () => {
    const names = (place: Parameters<typeof clustersAllowedFor>[0]) =>
      clustersAllowedFor(place, clusters).map(c => c.name);
    expect(names({ kind: 'sovereign-site', country: 'BD' })).toEqual([
      'sandbox-dhaka',
      'bd-shared',
    ]);
    expect(names({ kind: 'sovereign-site', country: 'VN' })).toEqual([]);
    expect(names({ kind: 'region', region: 'ap-southeast-3' })).toEqual([
      'jakarta',
    ]);
  });

  it('refuses a cluster whose region is in another country, or that is in both a region and a site', () => {
    const issues = (input: unknown) =>
      clusterPlaceSchema
        .safeParse(input)
        .error?.issues.map(i => `${i.path.join('.')}: ${i.message}`);
    expect(
      issues({ name: 'x', country: 'BD', region: 'ap-southeast-1' }),
    ).toEqual(['region: ap-southeast-1 is in SG, not BD: set country to SG']);
    expect(
      issues({ name: 'x', country: 'SG', region: 'ap-southeast-1', site: 's' }),
    ).toEqual([
      'site: a cluster is in a cloud region or at an on-prem site, not both: remove region or site',
    ]);
    expect(issues({ name: 'x', country: 'ZZ' })?.[0]).toMatch(
      /^country: must be the ISO 3166-1 alpha-2 code/,
    );
  });
});

describe('a spec names its cluster', () => {
  const fieldsOf = (input: unknown) => {
    try {
      parseEnvironmentSpec(input);
    } catch (error) {
      if (error instanceof SpecValidationError) {
        return error.issues.map(i => `${i.field}: ${i.message}`);
      }
      throw error;
    }
    return [];
  };

  it('on target kubernetes and for every sovereign site', () => {
    const { cluster: _, ...bd } = example('sovereign-site-bd.yaml');
    expect(fieldsOf(bd)).toEqual([
      expect.stringMatching(
        /^cluster: is required: set it to the name of the registered cluster the site runs on/,
      ),
    ]);
  });

  it('but not for a region on target aws, which creates its own', () => {
    const region = example('region-ap-southeast-1.yaml');
    expect(fieldsOf({ ...region, target: 'aws' })).toEqual([
      'cluster: a region on target aws creates its own EKS cluster, which registers itself: remove cluster',
    ]);
    const { cluster: _, ...own } = region;
    expect(fieldsOf({ ...own, target: 'aws' })).toEqual([]);
  });
});

describe('a cluster in the catalog', () => {
  it('reads back the place it was registered with, and carries no secret', () => {
    const entity = clusterEntityOf(
      { name: 'ekyc-us-east-1', country: 'US', region: 'us-east-1' },
      {
        apiServerUrl: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
        caData: 'LS0tLS1CRUdJTg==',
        authProvider: 'aws',
        awsClusterId: 'ekyc-us-east-1',
      },
      { owner: 'group:default/platform-team', environmentId: 'us-east-1-a' },
    );
    expect(entity.spec.type).toBe('kubernetes-cluster');
    expect(entity.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/x-k8s-aws-id': 'ekyc-us-east-1',
      'ekyc.io/country': 'US',
      'ekyc.io/region': 'us-east-1',
    });
    expect(clusterPlaceOfEntity(entity)).toEqual({
      place: {
        name: 'ekyc-us-east-1',
        title: 'Cluster ekyc-us-east-1',
        country: 'US',
        region: 'us-east-1',
      },
    });
  });

  it('names the annotation a cluster Resource lacks', () => {
    expect(
      clusterPlaceOfEntity({ metadata: { name: 'stray', annotations: {} } }),
    ).toEqual({
      error: expect.stringMatching(
        /^cluster Resource stray: ekyc.io\/country /,
      ),
    });
  });
});
