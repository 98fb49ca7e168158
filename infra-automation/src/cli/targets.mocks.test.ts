import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { applyPolicies } from '../__testUtils__/policyHarness';
import { recordResources } from '../__testUtils__/pulumiMocks';
import { stackNameOf, stackProjectsOf, stackReferenceName } from '../runner';
import { readSettings } from './settings';
import { cliTargets } from './targets';
import { readTopologyFile } from './topologyFile';

// Sized from the measured time with a wide margin (one program on Pulumi's mocks).
jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../examples');
const regions = [
  'us-east-1-primary',
  'us-west-2-secondary',
  'ca-central-1-primary',
];

/** The North American part of the company topology: every environment a region on aws. */
function northAmerica() {
  const file = path.join(examples, 'topology.yaml');
  const document = parse(fs.readFileSync(file, 'utf8'));
  return readTopologyFile(file, {
    ...document,
    environments: [
      'region-us-east-1.yaml',
      'region-us-west-2.yaml',
      'region-ca-central-1.yaml',
    ],
    countries: {
      US: document.countries.US,
      CA: document.countries.CA,
    },
    globalAccelerator: {
      trafficDials: { 'us-east-1-primary': 100, 'us-west-2-secondary': 0 },
    },
  });
}

/** The stack the runner applies an environment in, as a stack reference names it. */
const environmentStack = (id: string) =>
  stackReferenceName(stackNameOf({ id }, stackProjectsOf({})));

/** A region's edge outputs, as its applied stack reports them (ids start with the region). */
const edgeOf = (id: string) => ({
  aws: {
    edge: {
      loadBalancerArn: `arn:aws:elasticloadbalancing:::loadbalancer/app/${id}`,
      loadBalancerDnsName: `${id}-1234.${id.replace(
        /-(primary|secondary)$/,
        '',
      )}.elb.amazonaws.com`,
      loadBalancerZoneId: 'ZELBMOCK',
      healthCheckId: `hc-${id}`,
    },
  },
});

describe("the CLI's topology target, run on Pulumi's mocks (AWS cannot be reached from here)", () => {
  const settings = readSettings({
    EKYC_PULUMI_BACKEND: 'file:///nonexistent',
    PULUMI_CONFIG_PASSPHRASE: 'long enough',
    EKYC_AWS_DNS_ZONE: 'ZCLIZONE:ekyc.example.com',
  });
  const targets = cliTargets(settings, { path: 'pulumi', env: {} });
  let mocks: ReturnType<typeof recordResources>;

  beforeAll(async () => {
    const topology = northAmerica();
    mocks = recordResources(
      topology.id,
      Object.fromEntries(regions.map(id => [environmentStack(id), edgeOf(id)])),
    );
    await mocks.run(targets.topologyTarget.programFor(topology));
  });

  it("reads each region's edge from the stack the runner applies that region in", () => {
    expect(
      mocks
        .ofType('pulumi:pulumi:StackReference')
        .map(reference => reference.inputs.name)
        .sort(),
    ).toEqual([
      'organization/ekyc-environments/ca-central-1-primary',
      'organization/ekyc-environments/us-east-1-primary',
      'organization/ekyc-environments/us-west-2-secondary',
    ]);
    expect(targets.projectName).toBe(stackProjectsOf({}).environments);
  });

  it('writes every record into the zone EKYC_AWS_DNS_ZONE names', () => {
    const records = mocks.ofType('aws:route53/record:Record');
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map(record => record.inputs.zoneId))).toEqual(
      new Set(['ZCLIZONE']),
    );
    expect(
      records
        .filter(record => record.inputs.geolocationRoutingPolicies)
        .map(record => record.inputs.name),
    ).toEqual(['api.ekyc.example.com', 'api.ekyc.example.com']);
  });

  it('passes the policy pack, the routing policy included', async () => {
    expect(await applyPolicies(mocks.resources)).toEqual([]);
  });
});
