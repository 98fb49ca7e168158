import {
  awsRegionSpec as regionSpec,
  awsSiteSpec as siteSpec,
} from '../__testUtils__/awsSpecs';
import { EnvironmentSpec } from '@internal/ekyc-domain';
import {
  CostEstimate,
  estimateCost,
  formatCostEstimate,
  loadPriceTable,
  onPremCostModelSchema,
  parsePriceTable,
  PriceTable,
} from '.';

/** A table with only the fields every table has; tests add the regions they need. */
const inlineTable = (regions: PriceTable['regions']): PriceTable => ({
  recorded: '2026-01-15',
  currency: 'USD',
  source: 'test figures',
  checked: true,
  caveat: '',
  hoursPerMonth: 730,
  regions,
});

function priced(estimate: CostEstimate) {
  if (!estimate.priced) throw new Error(`not priced: ${estimate.reason}`);
  return estimate;
}

const table = loadPriceTable();

describe('loadPriceTable', () => {
  it('reads the price table kept in the repository', () => {
    expect(table.recorded).toBe('2026-11-22');
    expect(table.currency).toBe('USD');
    expect(table.checked).toBe(false);
    expect(table.hoursPerMonth).toBe(730);
    expect(Object.keys(table.regions).sort()).toEqual([
      'ap-southeast-1',
      'ca-central-1',
      'us-east-1',
    ]);
    expect(table.regions['ca-central-1'].ec2OnDemand?.['g6e.48xlarge']).toBe(
      undefined,
    );
  });

  it('names the file it cannot read', () => {
    expect(() => loadPriceTable('no-such-dir/prices.yaml')).toThrow(
      /^no-such-dir\/prices\.yaml: cannot read the price table/,
    );
  });
});

describe('parsePriceTable', () => {
  it('rejects a table naming the source and each bad field', () => {
    const text = [
      'currency: USD',
      'source: test',
      'checked: false',
      'hoursPerMonth: 730',
      'regions:',
      '  us-east-1:',
      '    ec2OnDemand:',
      '      g6.2xlarge: -0.9776',
      '    natGatway: 0.045',
    ].join('\n');
    let message = '';
    try {
      parsePriceTable(text, 'prices.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^prices\.yaml: the price table is not valid:/);
    expect(message).toContain('  - recorded: ');
    expect(message).toContain(
      '  - regions.us-east-1.ec2OnDemand.g6.2xlarge: must be a price of 0 or more',
    );
    expect(message).toContain('natGatway');
  });

  it('rejects text that is not YAML', () => {
    expect(() => parsePriceTable('recorded: [2026', 'prices.yaml')).toThrow(
      /^prices\.yaml: the price table is not valid YAML/,
    );
  });
});

describe('estimateCost', () => {
  it('prices a region from the GPU pool floor to its ceiling', () => {
    const estimate = priced(estimateCost(regionSpec(), table));
    expect(estimate.place).toBe('ap-southeast-1');
    expect(estimate.currency).toBe('USD');
    // g6.48xlarge at 16.688 an hour; half the nodes, rounded down, on spot at 0.4 of it.
    const [onDemand, spot, general, eks, aurora, storage, nat] = estimate.lines;
    expect(onDemand.item).toBe(
      'GPU nodes g6.48xlarge (8 × NVIDIA-L4), on-demand',
    );
    expect(onDemand.quantity).toEqual({ min: 1, max: 2 });
    expect(onDemand.unitHourly).toBe(16.688);
    expect(onDemand.hourly).toEqual({ min: 16.69, max: 33.38 });
    expect(onDemand.monthly).toEqual({ min: 12182.24, max: 24364.48 });
    expect(spot.quantity).toEqual({ min: 1, max: 2 });
    expect(spot.unitHourly).toBeCloseTo(6.6752, 10);
    expect(spot.hourly).toEqual({ min: 6.68, max: 13.35 });
    expect(spot.monthly).toEqual({ min: 4872.9, max: 9745.79 });
    expect(general.item).toContain('the floor of the general group');
    expect(general.quantity).toEqual({ min: 2, max: 2 });
    expect(general.hourly).toEqual({ min: 0.5, max: 0.5 });
    expect(eks.hourly).toEqual({ min: 0.1, max: 0.1 });
    expect(aurora.quantity).toEqual({ min: 2, max: 2 });
    expect(aurora.hourly).toEqual({ min: 1.33, max: 1.33 });
    expect(storage.unit).toBe('GB-month');
    expect(storage.quantity).toEqual({ min: 500, max: 500 });
    expect(storage.hourly).toEqual({ min: 0.08, max: 0.08 });
    expect(storage.monthly).toEqual({ min: 60, max: 60 });
    expect(nat.quantity).toEqual({ min: 3, max: 3 });
    expect(nat.hourly).toEqual({ min: 0.18, max: 0.18 });

    // 16.688 + 6.6752 + 2 × 0.252 + 0.10 + 2 × 0.664 + 500 × 0.12 / 730 + 3 × 0.059
    expect(estimate.hourly).toEqual({ min: 25.55, max: 48.92 });
    // 25.4722 × 730 + 60 and 48.8354 × 730 + 60: sums are rounded once, not per line
    expect(estimate.monthly).toEqual({ min: 18654.71, max: 35709.84 });
    expect(estimate.notPriced).toEqual([
      'AWS Network Firewall endpoints (one per zone) and their processing per GB: not in the price table yet',
      'data transfer and NAT processing per GB',
      'CloudFront, WAF requests and Route 53 queries (usage-based)',
      'S3 storage and requests (usage-based)',
    ]);
    expect(estimate.sources).toEqual([
      {
        prices: 'AWS list prices in ap-southeast-1',
        recorded: '2026-11-22',
        source: table.source,
        checked: false,
        caveat: table.caveat,
      },
    ]);
  });

  it('rounds spot nodes down and prices from a small table', () => {
    const spec = regionSpec({
      id: 'us-east-1-primary',
      region: 'us-east-1',
      servesCountries: ['US'],
      gpuPool: {
        gpuProduct: 'NVIDIA-T4',
        minNodes: 1,
        maxNodes: 3,
        gpusPerNode: 4,
        spotShare: 0.34,
      },
      database: { engine: 'postgresql', storageGi: 100, role: 'primary' },
    });
    const small = inlineTable({
      'us-east-1': {
        ec2OnDemand: { 'g4dn.12xlarge': 4, 'm7i.xlarge': 0.2 },
        spotPriceRatio: 0.25,
        auroraOnDemand: { 'db.r7g.xlarge': 0.5 },
        auroraStoragePerGbMonth: 0.073,
        eksCluster: 0.1,
        natGateway: 0.05,
      },
    });
    const estimate = priced(estimateCost(spec, small));
    // 1 node: 1 on-demand, 0 spot; 3 nodes: floor(1.02) = 1 spot, 2 on-demand
    expect(estimate.lines[0].quantity).toEqual({ min: 1, max: 2 });
    expect(estimate.lines[1].quantity).toEqual({ min: 0, max: 1 });
    expect(estimate.lines[1].unitHourly).toBe(1);
    // min: 4 + 0.4 + 0.1 + 1.0 + 100 × 0.073 / 730 + 0.15; max adds 4 + 1
    expect(estimate.hourly).toEqual({ min: 5.66, max: 10.66 });
    expect(estimate.monthly).toEqual({ min: 4131.8, max: 7781.8 });
  });

  it('prices a sovereign site by its VPN link to the hub region', () => {
    const spec = siteSpec({
      type: 'site-to-site-vpn',
      customerGatewayIps: ['203.0.113.10', '203.0.113.11'],
    });
    const estimate = priced(estimateCost(spec, table));
    expect(estimate.place).toBe(
      'site bd-dhaka-1 (BD) and its hub in ap-southeast-1',
    );
    expect(
      estimate.lines.map(line => [
        line.unit,
        line.quantity.max,
        line.unitHourly,
      ]),
    ).toEqual([
      ['connection', 2, 0.05],
      ['attachment', 3, 0.07],
    ]);
    // 2 × 0.05 + 3 × 0.07
    expect(estimate.hourly).toEqual({ min: 0.31, max: 0.31 });
    expect(estimate.monthly).toEqual({ min: 226.3, max: 226.3 });
    expect(estimate.notPriced).toEqual([
      "the site's GPU nodes and database: on-prem hardware the company owns; set ekyc.costs.onPrem to price it",
      'data transfer over the VPN per GB',
    ]);
  });

  it('prices a sovereign site on Direct Connect by its two attachments', () => {
    const spec = siteSpec({
      type: 'direct-connect',
      hub: { region: 'eu-west-1', environment: 'eu-west-1-primary' },
      directConnect: { connectionId: 'dxcon-fgabc123', vlan: 101 },
    });
    const estimate = priced(
      estimateCost(
        spec,
        inlineTable({ 'eu-west-1': { transitGatewayAttachment: 0.05 } }),
      ),
    );
    expect(estimate.lines).toHaveLength(1);
    expect(estimate.lines[0].quantity).toEqual({ min: 2, max: 2 });
    expect(estimate.hourly).toEqual({ min: 0.1, max: 0.1 });
    expect(estimate.monthly).toEqual({ min: 73, max: 73 });
    expect(estimate.notPriced).toContain(
      'Direct Connect port hours and data transfer',
    );
  });

  it('does not price target kubernetes without the on-prem cost model', () => {
    expect(
      estimateCost(
        regionSpec({ target: 'kubernetes', cluster: 'sandbox-singapore' }),
        table,
      ),
    ).toEqual({
      priced: false,
      reason:
        'target kubernetes runs on capacity the company owns (an on-prem site or a registered cluster): set ekyc.costs.onPrem (amortised hardware and power per GPU-hour, the link a month) to estimate it',
    });
  });

  it("prices capacity the company owns at the on-prem model's rates, a country's own where it has them", () => {
    const model = onPremCostModelSchema.parse({
      source: 'Finance GPU model FY2027',
      recorded: '2026-11-30',
      gpuHour: 0.5,
      powerPerGpuHour: 0.1,
      linkMonthly: 730,
      byCountry: { BD: { powerPerGpuHour: 0.2 } },
    });
    const region = priced(
      estimateCost(
        regionSpec({ target: 'kubernetes', cluster: 'sandbox-singapore' }),
        table,
        model,
      ),
    );
    expect(region.place).toBe('ap-southeast-1 on cluster sandbox-singapore');
    // 2–4 nodes of 8 GPUs at 0.5 + 0.1 an hour.
    expect(region.lines.map(l => [l.item, l.quantity, l.unitHourly])).toEqual([
      ['NVIDIA-L4 GPUs, hardware amortised', { min: 16, max: 32 }, 0.5],
      ['NVIDIA-L4 GPUs, power and cooling', { min: 16, max: 32 }, 0.1],
    ]);
    expect(region.hourly).toEqual({ min: 9.6, max: 19.2 });
    expect(region.sources).toEqual([
      {
        prices: 'on-prem cost model',
        source: 'Finance GPU model FY2027',
        recorded: '2026-11-30',
        checked: true,
        caveat: '',
      },
    ]);

    // A BD site on aws: its GPUs at BD's power rate, its link, and the AWS side.
    const site = priced(
      estimateCost(
        siteSpec({
          type: 'site-to-site-vpn',
          customerGatewayIps: ['203.0.113.10', '203.0.113.11'],
        }),
        table,
        model,
      ),
    );
    expect(site.lines.map(l => [l.unit, l.quantity.max, l.unitHourly])).toEqual(
      [
        ['connection', 2, 0.05],
        ['attachment', 3, 0.07],
        ['GPU', 8, 0.5],
        ['GPU', 8, 0.2],
        ['link', 1, 1],
      ],
    );
    expect(site.sources.map(source => source.prices)).toEqual([
      'AWS list prices in ap-southeast-1',
      'on-prem cost model (BD rates)',
    ]);
    expect(site.notPriced[0]).toBe(
      'staff and floor space, which the on-prem model leaves out',
    );
  });

  it("takes a region's own source and date over the table's", () => {
    const estimate = priced(
      estimateCost(
        regionSpec(),
        inlineTable({
          'ap-southeast-1': {
            ...table.regions['ap-southeast-1'],
            spotPriceRatio: 0.4,
            source: 'AWS Price List API (GetProducts)',
            recorded: '2026-12-05',
            checked: true,
          },
        }),
      ),
    );
    expect(estimate.sources[0]).toMatchObject({
      source: 'AWS Price List API (GetProducts)',
      recorded: '2026-12-05',
      checked: true,
    });
  });

  it('names an instance type the region does not price, and the file', () => {
    const spec = regionSpec({
      id: 'ca-central-1-primary',
      region: 'ca-central-1',
      servesCountries: ['CA'],
      gpuPool: {
        gpuProduct: 'NVIDIA-L40S',
        minNodes: 1,
        maxNodes: 2,
        gpusPerNode: 8,
        spotShare: 0,
      },
    });
    expect(estimateCost(spec, table)).toEqual({
      priced: false,
      reason:
        'no price for g6e.48xlarge in ca-central-1 in the price table recorded 2026-11-22: add it to infra-automation/pricing/aws-prices.yaml, or run scripts/maintenance/refresh-prices.sh ca-central-1 where AWS credentials are',
    });
  });

  it('names each missing price and a region the table lacks', () => {
    const spec = siteSpec({
      type: 'site-to-site-vpn',
      customerGatewayIps: ['203.0.113.10', '203.0.113.11'],
    });
    expect(
      estimateCost(spec, inlineTable({ 'ap-southeast-1': {} })),
    ).toMatchObject({
      priced: false,
      reason:
        'no price for transitGatewayAttachment, vpnConnection in ap-southeast-1 in the price table recorded 2026-01-15: add it to infra-automation/pricing/aws-prices.yaml, or run scripts/maintenance/refresh-prices.sh ap-southeast-1 where AWS credentials are',
    });
    expect(estimateCost(spec, inlineTable({}))).toEqual({
      priced: false,
      reason:
        'no prices for region ap-southeast-1 in the price table recorded 2026-01-15: add the region to infra-automation/pricing/aws-prices.yaml, or run scripts/maintenance/refresh-prices.sh ap-southeast-1 where AWS credentials are',
    });
  });

  it('does not price a GPU product AWS does not offer', () => {
    // The schema rejects NVIDIA-A10 on aws, so switch the target after parsing.
    const spec: EnvironmentSpec = {
      ...regionSpec({
        target: 'kubernetes',
        cluster: 'sandbox-singapore',
        gpuPool: {
          gpuProduct: 'NVIDIA-A10',
          minNodes: 1,
          maxNodes: 2,
          gpusPerNode: 4,
          spotShare: 0,
        },
      }),
      target: 'aws',
    };
    const estimate = estimateCost(spec, table);
    expect(estimate.priced).toBe(false);
    expect(!estimate.priced && estimate.reason).toMatch(
      /^gpuPool\.gpuProduct NVIDIA-A10 is not offered on AWS: choose one of /,
    );
  });
});

describe('formatCostEstimate', () => {
  it('shows each line, the total, what is left out and the prices used', () => {
    const text = formatCostEstimate(estimateCost(regionSpec(), table));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^cost of ap-southeast-1, USD +per hour +per month$/,
    );
    expect(text).toContain(
      'GPU nodes g6.48xlarge (8 × NVIDIA-L4), on-demand: 1–2 nodes',
    );
    expect(text).toMatch(/\ntotal +25\.55–48\.92 +18,654\.71–35,709\.84\n/);
    expect(text).toContain(
      '\nnot priced: AWS Network Firewall endpoints (one per zone) and their processing per GB: not in the price table yet; data transfer and NAT processing per GB; ',
    );
    expect(text).toContain(
      `\nAWS list prices in ap-southeast-1: ${table.source}, recorded 2026-11-22\n`,
    );
    expect(lines[lines.length - 1]).toBe(`caveat: ${table.caveat}`);
  });

  it('gives the reason in one line when not priced', () => {
    expect(
      formatCostEstimate(
        estimateCost(
          regionSpec({ target: 'kubernetes', cluster: 'sandbox-singapore' }),
          table,
        ),
      ),
    ).toBe(
      'cost: not estimated: target kubernetes runs on capacity the company owns (an on-prem site or a registered cluster): set ekyc.costs.onPrem (amortised hardware and power per GPU-hour, the link a month) to estimate it',
    );
  });
});
