import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { regionSpec as region } from '../__testUtils__/regionSpec';
import {
  checkTopology,
  EnvironmentSpec,
  parseEnvironmentSpec,
  parseTopologySpec,
  SpecValidationError,
} from '..';

const examples = path.resolve(__dirname, '../../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));

/** The example topology with its environment files read in. */
function exampleTopology() {
  const topology = example('topology.yaml');
  return {
    ...topology,
    environments: topology.environments.map((file: string) => example(file)),
  };
}

function refusal(input: unknown): SpecValidationError {
  try {
    parseTopologySpec(input);
  } catch (error) {
    if (error instanceof SpecValidationError) return error;
    throw error;
  }
  throw new Error('the topology was accepted');
}

const bdSite = () =>
  parseEnvironmentSpec(example('sovereign-site-bd.yaml')) as EnvironmentSpec;

describe('a topology', () => {
  it('accepts the company topology: SEA from Singapore, BD from its site, US and CA from their regions', () => {
    const topology = parseTopologySpec(exampleTopology());
    expect(topology.countries.US).toEqual({
      primary: 'us-east-1-primary',
      failover: ['us-west-2-secondary'],
      routing: 'latency',
    });
    expect(topology.countries.BD?.primary).toBe('bd-dhaka-1');
  });

  it("refuses BD users failing over to Singapore, naming BD's rule and the edge", () => {
    const input = exampleTopology();
    input.countries.BD = {
      primary: 'bd-dhaka-1',
      failover: ['ap-southeast-1-primary'],
    };
    const error = refusal(input);
    expect(error.kind).toBe('residency');
    expect(error.issues).toEqual([
      {
        field: 'countries.BD.failover.0',
        message: expect.stringMatching(
          /^Bangladesh \(BD\): bd-dhaka-1 fails over to ap-southeast-1-primary, which would keep BD's personal data at cloud region ap-southeast-1 \(SG\); BD's rule "in-country" allows only sovereign sites in BD \(Personal Data Protection Ordinance 2025/,
        ),
      },
    ]);
  });

  it("refuses Global Accelerator in front of Singapore and us-east-1, naming each country's rule and the dial", () => {
    const input = exampleTopology();
    input.globalAccelerator = {
      trafficDials: { 'us-east-1-primary': 100, 'ap-southeast-1-primary': 0 },
    };
    const issues = refusal(input).issues.map(
      issue => `${issue.field}: ${issue.message}`,
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^globalAccelerator\.trafficDials\.ap-southeast-1-primary: United States \(US\): us-east-1-primary shares its Global Accelerator with ap-southeast-1-primary, which would keep US's personal data at cloud region ap-southeast-1 \(SG\); US's rule/,
        ),
        expect.stringMatching(
          /^globalAccelerator\.trafficDials\.us-east-1-primary: Singapore \(SG\): ap-southeast-1-primary shares its Global Accelerator with us-east-1-primary/,
        ),
      ]),
    );
    // The dials alone, in front of the US regions, are what the rules allow.
    input.globalAccelerator = {
      trafficDials: { 'us-east-1-primary': 100, 'us-west-2-secondary': 0 },
    };
    expect(() => parseTopologySpec(input)).not.toThrow();
  });

  it('names a failover, primary or dial that is not among its environments, and a primary that does not serve the country', () => {
    const input = exampleTopology();
    input.countries.CA = {
      primary: 'ca-central-1-primary',
      failover: ['nowhere'],
    };
    input.countries.MX = { primary: 'us-east-1-primary' };
    input.countries.VN = { primary: 'hanoi-1' };
    input.globalAccelerator = { trafficDials: { 'bd-dhaka-1': 50 } };
    expect(
      refusal(input).issues.map(issue => `${issue.field}: ${issue.message}`),
    ).toEqual([
      expect.stringMatching(
        /^countries\.CA\.failover\.0: nowhere is not among/,
      ),
      'countries.MX.primary: us-east-1-primary does not serve MX: add MX to its servesCountries (its rule is checked there), or name the environment that does',
      expect.stringMatching(/^countries\.VN\.primary: hanoi-1 is not among/),
      "globalAccelerator.trafficDials.bd-dhaka-1: bd-dhaka-1 is not a region environment of the topology: Global Accelerator's endpoint groups are regions",
    ]);
  });
});

describe('residency over whole topologies', () => {
  const singapore = region('sg-1', 'ap-southeast-1', ['SG', 'MY', 'TH']);
  const jakarta = region('id-1', 'ap-southeast-3', ['ID']);
  const kualaLumpur = region('my-1', 'ap-southeast-5', ['MY']);
  const bangkok = region('th-1', 'ap-southeast-7', ['TH']);
  const virginia = region('us-1', 'us-east-1', ['US'], {
    replicateTo: [{ type: 'cloud-region', region: 'us-west-2' }],
  });
  const oregon = region('us-2', 'us-west-2', ['US'], {
    role: 'replica',
    replicaOf: { type: 'cloud-region', region: 'us-east-1' },
    primary: { environment: 'us-1', servesCountries: ['US'] },
  });
  const montreal = region('ca-1', 'ca-central-1', ['CA']);
  const bd = bdSite();
  const environments = new Map(
    [
      singapore,
      jakarta,
      kualaLumpur,
      bangkok,
      virginia,
      oregon,
      montreal,
      bd,
    ].map(env => [env.id, env] as const),
  );
  const violationsOf = (countries: Parameters<typeof checkTopology>[0]) =>
    checkTopology(countries, environments).map(
      v => `${v.country} ${v.edge.kind} ${v.edge.from} -> ${v.edge.to}`,
    );

  it.each([
    [
      'MY fails over from its own region to Singapore, which its rule lists',
      { MY: { primary: 'my-1', failover: ['sg-1'] } },
    ],
    [
      'TH fails over from Bangkok to Singapore',
      { TH: { primary: 'th-1', failover: ['sg-1'] } },
    ],
    [
      'SG, MY and TH all from Singapore',
      {
        SG: { primary: 'sg-1', failover: [] },
        MY: { primary: 'sg-1', failover: [] },
        TH: { primary: 'sg-1', failover: [] },
      },
    ],
    [
      'US from us-east-1, replicated and with a global secondary in us-west-2, failing over there',
      { US: { primary: 'us-1', failover: ['us-2'] } },
    ],
    ['CA from ca-central-1 alone', { CA: { primary: 'ca-1', failover: [] } }],
    [
      'BD from its site, with no failover',
      { BD: { primary: 'bd-dhaka-1', failover: [] } },
    ],
    ['ID from Jakarta alone', { ID: { primary: 'id-1', failover: [] } }],
  ])('accepts: %s', (_, countries) => {
    expect(violationsOf(countries)).toEqual([]);
  });

  it.each([
    [
      'BD users failing over to Singapore',
      { BD: { primary: 'bd-dhaka-1', failover: ['sg-1'] } },
      ['BD failover bd-dhaka-1 -> sg-1'],
    ],
    [
      'ID users failing over to Singapore',
      { ID: { primary: 'id-1', failover: ['sg-1'] } },
      ['ID failover id-1 -> sg-1'],
    ],
    [
      'SG users failing over to Kuala Lumpur, which SG does not list',
      { SG: { primary: 'sg-1', failover: ['my-1'] } },
      ['SG failover sg-1 -> my-1'],
    ],
    [
      'CA users failing over to us-east-1, and so to its replica too',
      { CA: { primary: 'ca-1', failover: ['us-1'] } },
      ['CA failover ca-1 -> us-1', 'CA failover ca-1 -> us-1'],
    ],
  ])('refuses: %s', (_, countries, expected) => {
    expect(violationsOf(countries)).toEqual(expected);
  });

  it("refuses a global secondary whose spec understates its primary's countries, along the primary → secondary edge", () => {
    // Its own spec says the primary serves ID only, which Jakarta allows.
    const standby = region('sg-standby', 'ap-southeast-3', ['ID'], {
      role: 'replica',
      replicaOf: { type: 'cloud-region', region: 'ap-southeast-1' },
      primary: { environment: 'sg-1', servesCountries: ['ID'] },
    });
    const withStandby = new Map([...environments, [standby.id, standby]]);
    expect(
      checkTopology({ SG: { primary: 'sg-1', failover: [] } }, withStandby).map(
        v => [v.country, v.edge, v.location],
      ),
    ).toEqual([
      [
        'SG',
        { kind: 'secondary', from: 'sg-1', to: 'sg-standby' },
        { type: 'cloud-region', region: 'ap-southeast-3' },
      ],
    ]);
    const error = refusal({
      kind: 'topology',
      id: 'with-standby',
      owner: 'group:default/platform-team',
      environments: [singapore, standby],
      countries: { SG: { primary: 'sg-1' } },
    });
    expect(error.issues.map(i => `${i.field}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        'environments.1.database.primary.servesCountries: sg-standby says sg-1 serves ID, but it serves MY, SG, TH: list what sg-1 serves, so that each of those rules is checked at sg-standby',
        expect.stringMatching(
          /^countries\.SG\.primary: Singapore \(SG\): sg-1 has an Aurora global secondary in sg-standby/,
        ),
      ]),
    );
  });

  it('refuses a global secondary that follows another place than its primary', () => {
    const standby = region('us-3', 'us-west-2', ['US'], {
      role: 'replica',
      replicaOf: { type: 'cloud-region', region: 'ca-central-1' },
      primary: { environment: 'us-1', servesCountries: ['US'] },
    });
    const error = refusal({
      kind: 'topology',
      id: 'misplaced',
      owner: 'group:default/platform-team',
      environments: [virginia, standby],
      countries: { US: { primary: 'us-1' } },
    });
    expect(error.issues.map(i => `${i.field}: ${i.message}`)).toContain(
      'environments.1.database.replicaOf: us-3 follows us-1, which is at cloud region us-east-1: set replicaOf to that location',
    );
  });
});
