import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { z } from 'zod';
import { RegionPrices } from './priceTable';

/** One figure of a region's row and how the AWS Price List API finds it. */
interface PriceQuery {
  /** Where it goes in the row: a price key, or a map and its key. */
  at: [keyof RegionPrices] | ['ec2OnDemand' | 'auroraOnDemand', string];
  serviceCode: string;
  filters: Record<string, string>;
  /** The usage type's end, after AWS's region prefix (e.g. APS1-). */
  usageType?: string;
  /** The price dimension's unit. */
  unit: string;
}

/**
 * What a region's row asks of the Price List API: every instance type and class the
 * table prices anywhere, and each per-hour or per-GB-month item. Spot is not here:
 * the API has no spot prices (the table's ratio stays an assumption).
 */
export function priceQueriesFor(
  region: string,
  ec2InstanceTypes: string[],
  auroraInstanceClasses: string[],
): PriceQuery[] {
  const regionCode = region;
  return [
    ...ec2InstanceTypes.map(
      (instanceType): PriceQuery => ({
        at: ['ec2OnDemand', instanceType],
        serviceCode: 'AmazonEC2',
        filters: {
          regionCode,
          instanceType,
          operatingSystem: 'Linux',
          tenancy: 'Shared',
          preInstalledSw: 'NA',
          capacitystatus: 'Used',
          licenseModel: 'No License required',
        },
        unit: 'Hrs',
      }),
    ),
    ...auroraInstanceClasses.map(
      (instanceType): PriceQuery => ({
        at: ['auroraOnDemand', instanceType],
        serviceCode: 'AmazonRDS',
        filters: {
          regionCode,
          instanceType,
          databaseEngine: 'Aurora PostgreSQL',
        },
        // Aurora Standard; I/O-Optimized instances have usage types of their own.
        usageType: `InstanceUsage:${instanceType}`,
        unit: 'Hrs',
      }),
    ),
    {
      at: ['auroraStoragePerGbMonth'],
      serviceCode: 'AmazonRDS',
      filters: { regionCode, databaseEngine: 'Aurora PostgreSQL' },
      usageType: 'Aurora:StorageUsage',
      unit: 'GB-Mo',
    },
    {
      at: ['eksCluster'],
      serviceCode: 'AmazonEKS',
      filters: { regionCode },
      usageType: 'AmazonEKS-Hours:perCluster',
      unit: 'Hrs',
    },
    {
      at: ['natGateway'],
      serviceCode: 'AmazonEC2',
      filters: { regionCode, productFamily: 'NAT Gateway' },
      usageType: 'NatGateway-Hours',
      unit: 'Hrs',
    },
    {
      at: ['vpnConnection'],
      serviceCode: 'AmazonVPC',
      filters: { regionCode },
      usageType: 'VPN-Usage-Hours:ipsec.1',
      unit: 'Hrs',
    },
    {
      at: ['transitGatewayAttachment'],
      serviceCode: 'AmazonVPC',
      filters: { regionCode },
      usageType: 'TransitGateway-Hours',
      unit: 'Hrs',
    },
  ];
}

// The parts of a Price List product the refresh reads; the rest is ignored.
const productSchema = z.object({
  product: z.object({
    attributes: z.object({ usagetype: z.string().optional() }).loose(),
  }),
  terms: z.object({
    OnDemand: z
      .record(
        z.string(),
        z.object({
          priceDimensions: z.record(
            z.string(),
            z.object({
              unit: z.string(),
              pricePerUnit: z.object({ USD: z.string().optional() }),
            }),
          ),
        }),
      )
      .optional(),
  }),
});

/** `APS1-NatGateway-Hours` ends with `NatGateway-Hours`; `NatGateway-Bytes` does not. */
const usageTypeIs = (usageType: string | undefined, end: string) =>
  usageType === end || Boolean(usageType?.endsWith(`-${end}`));

async function productsOf(
  client: PricingClient,
  query: PriceQuery,
  signal?: AbortSignal,
) {
  const products: z.infer<typeof productSchema>[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetProductsCommand({
        ServiceCode: query.serviceCode,
        FormatVersion: 'aws_v1',
        Filters: Object.entries(query.filters).map(([Field, Value]) => ({
          Type: 'TERM_MATCH',
          Field,
          Value,
        })),
        NextToken: nextToken,
        MaxResults: 100,
      }),
      { abortSignal: signal },
    );
    for (const item of page.PriceList ?? []) {
      // Each item is a JSON document as a string; the SDK may hand it over as its
      // lazy JSON string, an object whose text is the document.
      const document =
        typeof item === 'object' && item !== null && 'product' in item
          ? item
          : JSON.parse(String(item));
      products.push(productSchema.parse(document));
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return products;
}

/** The one on-demand USD price of the products in the query's unit, or why not. */
function priceOf(
  products: z.infer<typeof productSchema>[],
  query: PriceQuery,
): number | { missing: string } {
  const prices = new Set<number>();
  for (const product of products) {
    const usageType = product.product.attributes.usagetype;
    if (query.usageType && !usageTypeIs(usageType, query.usageType)) continue;
    for (const term of Object.values(product.terms.OnDemand ?? {})) {
      for (const dimension of Object.values(term.priceDimensions)) {
        const usd = Number(dimension.pricePerUnit.USD);
        // Tiered items have a free tier at 0: the price is the paid one.
        if (dimension.unit === query.unit && usd > 0) prices.add(usd);
      }
    }
  }
  if (prices.size === 1) return [...prices][0];
  return {
    missing: prices.size
      ? `${prices.size} different prices (${[...prices].join(', ')})`
      : 'no on-demand price',
  };
}

export interface RefreshedRegion {
  prices: RegionPrices;
  /** Each figure the API did not give exactly one price for, and why. */
  notFound: string[];
}

/**
 * A region's row read from the AWS Price List API. A figure found nowhere, or found
 * more than once, is left out and named: an estimate that needs it says so.
 */
export async function fetchRegionPrices(
  client: PricingClient,
  queries: PriceQuery[],
  signal?: AbortSignal,
): Promise<RefreshedRegion> {
  const prices: Record<string, unknown> = {};
  const notFound: string[] = [];
  for (const query of queries) {
    const found = priceOf(await productsOf(client, query, signal), query);
    const name = query.at.join(' ');
    if (typeof found !== 'number') {
      notFound.push(`${name}: ${found.missing}`);
      continue;
    }
    if (query.at.length === 2) {
      const [map, key] = query.at;
      prices[map] = { ...(prices[map] as object), [key]: found };
    } else {
      prices[query.at[0]] = found;
    }
  }
  return { prices: prices as RegionPrices, notFound };
}
