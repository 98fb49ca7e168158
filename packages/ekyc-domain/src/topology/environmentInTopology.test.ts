import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { regionSpec as region } from '../__testUtils__/regionSpec';
import {
  checkEnvironmentInTopology,
  parseEnvironmentSpec,
  parseTopologySpec,
  topologyEntityOf,
} from '..';

const examples = path.resolve(__dirname, '../../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));

const mexico = region('mx-1', 'mx-central-1', ['MX']);
const virginia = region('us-1', 'us-east-1', ['US']);
const bd = parseEnvironmentSpec(example('sovereign-site-bd.yaml'));

/** The topology's entity, as the catalog holds it: MX failing over to us-east-1. */
const entity = topologyEntityOf(
  parseTopologySpec({
    kind: 'topology',
    id: 'americas',
    environments: [mexico, virginia, bd],
    countries: {
      MX: { primary: 'mx-1', failover: ['us-1'] },
      US: { primary: 'us-1' },
      BD: { primary: 'bd-dhaka-1' },
    },
    owner: 'group:default/platform-team',
  }),
).spec;

describe('an environment changed under a topology', () => {
  it('passes when what the topology routes to it stays where the rules allow', () => {
    expect(checkEnvironmentInTopology(entity, virginia)).toEqual([]);
    expect(
      checkEnvironmentInTopology(
        entity,
        region('ca-1', 'ca-central-1', ['CA']),
      ),
    ).toEqual([]);
  });

  it("refuses a failover's new replica that a country failing over to it may not reach, naming the field, the edge and the rule", () => {
    const replicating = region('us-1', 'us-east-1', ['US'], {
      replicateTo: [{ type: 'cloud-region', region: 'us-west-2' }],
    });
    expect(checkEnvironmentInTopology(entity, replicating)).toEqual([
      {
        field: 'database.replicateTo',
        message: expect.stringMatching(
          /^Mexico \(MX\): mx-1 fails over to us-1, which would keep MX's personal data at cloud region us-west-2 \(US\); MX's rule "listed-locations" allows only/,
        ),
      },
    ]);
  });

  it('refuses a primary that would stop serving a country the topology sends it', () => {
    const mexicanOnly = region('us-1', 'us-east-1', ['MX']);
    expect(checkEnvironmentInTopology(entity, mexicanOnly)).toEqual([
      {
        field: 'servesCountries',
        message:
          "it sends US's users to us-1: keep US in servesCountries, or change the topology first",
      },
    ]);
  });
});
