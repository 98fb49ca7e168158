import { runAwsRegion } from '../../__testUtils__/awsPrograms';
import { awsRegionSpec } from '../../__testUtils__/awsSpecs';
import { applyPolicies } from '../../__testUtils__/policyHarness';
import { RegionSpec } from '@internal/ekyc-domain';

// Sized from the measured time with a wide margin (a region on Pulumi's mocks and the policy pack per test: 17 s for the file's three with the two cores shared with a build).
jest.setTimeout(60_000);

// Specs that break a rule are refused by the spec's own validation; these programs are
// built from specs changed after validation, as a faulty or tampered caller would, to
// show the policy pack refusing what slips past it.
const singapore = awsRegionSpec({
  gpuPool: {
    gpuProduct: 'NVIDIA-L4',
    minNodes: 1,
    maxNodes: 2,
    gpusPerNode: 4,
    spotShare: 0,
  },
});

async function violationsOf(spec: RegionSpec) {
  return applyPolicies((await runAwsRegion(spec)).resources);
}

describe('ekyc-guardrails on AWS resources, with Pulumi mocks', () => {
  it('refuses an image replica outside the countries’ allowed locations', async () => {
    const violations = await violationsOf({
      ...singapore,
      id: 'sg-replicating-abroad',
      database: {
        ...singapore.database,
        replicateTo: [{ type: 'cloud-region', region: 'us-east-1' }],
      },
    });
    expect(violations).toEqual([
      {
        policy: 'ekyc-residency',
        resource: 'sg-replicating-abroad-us-east-1',
        message: expect.stringMatching(
          /^Singapore \(SG\) rule "listed-locations" forbids its personal data in the ID images and selfies replica at cloud region us-east-1, in US: .* Fix: place it in an allowed location/,
        ),
      },
    ]);
  });

  it('refuses an Aurora global secondary where a country its primary serves may not keep data', async () => {
    const violations = await violationsOf({
      ...singapore,
      id: 'sg-standby-in-jakarta',
      region: 'ap-southeast-3',
      role: 'secondary',
      servesCountries: ['ID'],
      database: {
        ...singapore.database,
        role: 'replica',
        replicaOf: { type: 'cloud-region', region: 'ap-southeast-1' },
        primary: {
          environment: 'ap-southeast-1-primary',
          servesCountries: ['SG'],
        },
      },
    });
    const residency = violations.filter(v => v.policy === 'ekyc-residency');
    expect(residency.map(v => v.resource)).toEqual(
      expect.arrayContaining(['sg-standby-in-jakarta']),
    );
    expect(residency.map(v => v.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Singapore \(SG\) rule "listed-locations" forbids its personal data in the database at cloud region ap-southeast-3/,
        ),
      ]),
    );
  });

  it('refuses a public load balancer and a CDN without WAF', async () => {
    const violations = await violationsOf({
      ...singapore,
      id: 'sg-no-waf',
      edge: { cdn: true, waf: false },
    });
    expect(violations.map(v => [v.policy, v.resource])).toEqual([
      ['ekyc-security-stack', 'sg-no-waf'],
      ['ekyc-security-stack', 'sg-no-waf'],
    ]);
    expect(violations[0].message).toMatch(
      /^faces the internet without WAF: .*edge.waf: true/,
    );
    expect(violations[1].message).toMatch(/^has no web ACL/);
  });

  it('refuses a GPU node group above the configured ceiling', async () => {
    const violations = await violationsOf({
      ...singapore,
      id: 'sg-too-big',
      gpuPool: { ...singapore.gpuPool, maxNodes: 24 },
    });
    expect(violations).toEqual([
      {
        policy: 'ekyc-cost-guard',
        resource: 'sg-too-big-gpu-on-demand',
        message: expect.stringContaining(
          'may scale to 24 GPU nodes, above the ceiling of 16: lower gpuPool.maxNodes',
        ),
      },
    ]);
  });
});
