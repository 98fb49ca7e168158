import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseTopologySpec } from '@internal/ekyc-domain';
import { awsSiteSpec } from '../__testUtils__/awsSpecs';
import {
  estimateTopologyCost,
  formatTopologyCost,
  loadPriceTable,
  onPremCostModelSchema,
} from '.';

const examples = path.resolve(__dirname, '../../../examples');
const example = (name: string) =>
  parse(fs.readFileSync(path.join(examples, name), 'utf8'));
const onPrem = onPremCostModelSchema.parse(
  parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../scripts/sandbox/onprem-costs.yaml'),
      'utf8',
    ),
  ),
);

function topologyOf(environments: unknown[], countries: object) {
  return parseTopologySpec({
    kind: 'topology',
    id: 'costed',
    owner: 'group:default/platform-team',
    environments,
    countries,
  });
}

describe('estimateTopologyCost', () => {
  it('sums the priced environments and names those it leaves out', () => {
    const table = loadPriceTable();
    const topology = topologyOf(
      [
        example('region-us-east-1.yaml'),
        example('region-us-west-2.yaml'),
        example('sovereign-site-bd.yaml'),
      ],
      {
        US: { primary: 'us-east-1-primary', failover: ['us-west-2-secondary'] },
        BD: { primary: 'bd-dhaka-1' },
      },
    );
    const cost = estimateTopologyCost(topology, table, onPrem);
    const priced = cost.environments.flatMap(({ estimate }) =>
      estimate.priced ? [estimate] : [],
    );
    expect(priced).toHaveLength(2);
    const sum = (pick: (e: (typeof priced)[number]) => number) =>
      Math.round(priced.reduce((t, e) => t + pick(e), 0) * 100) / 100;
    expect(cost.hourly).toEqual({
      min: sum(e => e.hourly.min),
      max: sum(e => e.hourly.max),
    });
    expect(cost.monthly.max).toBe(sum(e => e.monthly.max));
    expect(cost.notPriced.map(({ id }) => id)).toEqual(['us-west-2-secondary']);
    expect(cost.partial).toEqual([]);
    expect(formatTopologyCost(cost)).toContain(
      "\nnot priced: the topology's own routing: Route 53 records and health checks, Global Accelerator",
    );
  });

  it("says which environment's part is missing from the sum", () => {
    const site = awsSiteSpec({
      type: 'site-to-site-vpn',
      customerGatewayIps: ['203.0.113.10', '203.0.113.11'],
    });
    const cost = estimateTopologyCost(
      topologyOf([site], { BD: { primary: 'bd-dhaka-1' } }),
      loadPriceTable(),
    );
    expect(cost.partial).toEqual([
      {
        id: 'bd-dhaka-1',
        missing: 'on-prem hardware and link (set ekyc.costs.onPrem)',
      },
    ]);
    expect(formatTopologyCost(cost)).toMatch(
      /\nthe topology: .* per month, without bd-dhaka-1's on-prem hardware and link \(set ekyc\.costs\.onPrem\)\n/,
    );
  });
});
