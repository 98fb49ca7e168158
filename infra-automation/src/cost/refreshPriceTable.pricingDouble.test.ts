import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { awsRegionSpec } from '../__testUtils__/awsSpecs';
import { startPricingDouble } from '../__testUtils__/pricingDouble';
import {
  estimateCost,
  parsePriceTable,
  priceListSource,
  refreshPriceTable,
} from '.';

// AWS cannot be reached from here: the real SDK client asks a local double of the
// Price List API, which answers from products shaped as the API's aws_v1 answer
// (__fixtures__; their prices are test figures, not AWS's). The table is the one in
// the repository.
const tableFile = path.resolve(__dirname, '../../pricing/aws-prices.yaml');
const products = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '__fixtures__/price-list-ap-southeast-3.json'),
    'utf8',
  ),
);

describe('refreshing the price table from the AWS Price List API, with a local double of it', () => {
  let double: Awaited<ReturnType<typeof startPricingDouble>>;
  beforeEach(async () => {
    double = await startPricingDouble(products, 1);
  });
  afterEach(() => double.close());

  it("writes Jakarta's row from the API, dated and checked, taking each figure from the right product", async () => {
    const before = fs.readFileSync(tableFile, 'utf8');
    const notFound: Record<string, string[]> = {};
    const after = await refreshPriceTable(
      before,
      ['ap-southeast-3'],
      double.client,
      '2026-12-06',
      (region, missing) => (notFound[region] = missing),
    );
    const table = parsePriceTable(after, 'refreshed');
    expect(table.regions['ap-southeast-3']).toEqual({
      source: priceListSource,
      recorded: '2026-12-06',
      checked: true,
      // Linux on shared tenancy in use: not Windows, not an unused reservation.
      ec2OnDemand: { 'g6.2xlarge': 1.1111, 'm7i.xlarge': 0.2222 },
      // Aurora Standard, not I/O-Optimized.
      auroraOnDemand: { 'db.r7g.xlarge': 0.5555 },
      auroraStoragePerGbMonth: 0.11,
      // The cluster's hours, not extended support's.
      eksCluster: 0.1,
      // Hours, not bytes; the paid tier, not a free one.
      natGateway: 0.0333,
      vpnConnection: 0.05,
      transitGatewayAttachment: 0.06,
    });
    expect(notFound['ap-southeast-3']).toContain(
      'ec2OnDemand g6.48xlarge: no on-demand price',
    );
    // The other rows, the table's fields and its comments stay as they were.
    const old = parse(before);
    expect(table.regions['us-east-1']).toEqual(old.regions['us-east-1']);
    expect(table.recorded).toBe(old.recorded);
    expect(after).toContain('# Average spot price as a share of on-demand');

    // Every request signed, paged (one product a page here) and filtered.
    expect(double.requests.every(r => r.signed)).toBe(true);
    expect(
      double.requests.filter(r => r.body.NextToken !== undefined).length,
    ).toBeGreaterThan(0);
    expect(double.requests[0].body).toMatchObject({
      ServiceCode: 'AmazonEC2',
      FormatVersion: 'aws_v1',
      Filters: expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'ap-southeast-3' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
      ]),
    });

    // Jakarta is now estimated, naming the row's source and date.
    const jakarta = estimateCost(
      awsRegionSpec({
        id: 'ap-southeast-3-primary',
        region: 'ap-southeast-3',
        servesCountries: ['ID'],
        gpuPool: {
          gpuProduct: 'NVIDIA-L4',
          minNodes: 1,
          maxNodes: 2,
          gpusPerNode: 1,
          spotShare: 0.5,
        },
      }),
      table,
    );
    expect(jakarta.priced && jakarta.sources).toEqual([
      {
        prices: 'AWS list prices in ap-southeast-3',
        source: priceListSource,
        recorded: '2026-12-06',
        checked: true,
        caveat: table.caveat,
      },
    ]);
  });

  it('leaves out a figure the API prices twice, naming both', async () => {
    const twice = {
      ...products,
      AmazonEKS: [
        ...products.AmazonEKS,
        {
          ...products.AmazonEKS[0],
          terms: {
            OnDemand: {
              'X.Y': {
                priceDimensions: {
                  'X.Y.Z': { unit: 'Hrs', pricePerUnit: { USD: '0.2' } },
                },
              },
            },
          },
        },
      ],
    };
    const other = await startPricingDouble(twice);
    const notFound: string[] = [];
    const after = await refreshPriceTable(
      fs.readFileSync(tableFile, 'utf8'),
      ['ap-southeast-3'],
      other.client,
      '2026-12-06',
      (_region, missing) => notFound.push(...missing),
    );
    await other.close();
    expect(notFound).toContain('eksCluster: 2 different prices (0.1, 0.2)');
    expect(
      parsePriceTable(after, 'refreshed').regions['ap-southeast-3'],
    ).not.toHaveProperty('eksCluster');
  });
});
