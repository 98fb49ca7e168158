import {
  awsGpuInstanceTypeFor,
  cloudRegionCountry,
  EnvironmentSpec,
  RegionSpec,
  SovereignSiteSpec,
} from '@internal/ekyc-domain';
import {
  auroraInstanceClass,
  auroraInstances,
  availabilityZoneCount,
  generalInstanceType,
  generalNodes,
} from '../components/aws/instanceTypes';
import { OnPremCostModel, onPremRatesFor } from './onPremCosts';
import { PriceTable, priceTableRepoPath, RegionPrices } from './priceTable';

/** `min` with the GPU pool at minNodes, `max` at maxNodes. */
export interface MinMax {
  min: number;
  max: number;
}

export interface CostLine {
  item: string;
  quantity: MinMax;
  unit: string;
  /** USD per unit per hour. */
  unitHourly: number;
  hourly: MinMax;
  monthly: MinMax;
}

/** Where an estimate's prices come from, each with its date. */
export interface PriceSource {
  /** What it prices: "AWS list prices in ap-southeast-1", "on-prem cost model (BD)". */
  prices: string;
  source: string;
  recorded: string;
  /** AWS prices: whether checked against the AWS Price List API. */
  checked: boolean;
  caveat: string;
}

export type CostEstimate =
  | {
      priced: true;
      currency: 'USD';
      /** Where it runs: an AWS region, a site, a registered cluster. */
      place: string;
      hourly: MinMax;
      monthly: MinMax;
      lines: CostLine[];
      /** Costs the estimate leaves out, mostly usage-based. */
      notPriced: string[];
      /** A part the environment has that is not in the sum, when one is missing. */
      partial?: string;
      sources: PriceSource[];
    }
  | { priced: false; reason: string };

/** A line's quantity and unit price; its totals are summed at full precision. */
type LineItem = Omit<CostLine, 'hourly' | 'monthly'>;

/** Prices the table holds as one figure per region. */
type RegionPrice = Exclude<
  keyof RegionPrices,
  | 'ec2OnDemand'
  | 'auroraOnDemand'
  | 'spotPriceRatio'
  | 'source'
  | 'recorded'
  | 'checked'
>;

/**
 * Looks up a region's prices and remembers each one the table lacks. A missing
 * price reads as 0 so that all lines can be built; they are discarded when
 * anything was missing.
 */
function priceLookup(prices: RegionPrices, table: PriceTable) {
  const missing = new Set<string>();
  const need = (name: string, value: number | undefined) => {
    if (value === undefined) missing.add(name);
    return value ?? 0;
  };
  return {
    missing,
    ec2: (type: string) => need(type, prices.ec2OnDemand?.[type]),
    spotRatio: () =>
      need('spotPriceRatio', prices.spotPriceRatio ?? table.spotPriceRatio),
    aurora: (instanceClass: string) =>
      need(instanceClass, prices.auroraOnDemand?.[instanceClass]),
    item: (name: RegionPrice) => need(name, prices[name]),
  };
}
type PriceLookup = ReturnType<typeof priceLookup>;

const same = (n: number): MinMax => ({ min: n, max: n });

function regionLines(
  spec: RegionSpec,
  price: PriceLookup,
  hoursPerMonth: number,
): LineItem[] | { error: string } {
  const pool = spec.gpuPool;
  const gpu = awsGpuInstanceTypeFor(pool.gpuProduct, pool.gpusPerNode);
  if ('error' in gpu) return gpu;
  const spotNodes = (nodes: number) => Math.floor(nodes * pool.spotShare);
  const gpuOnDemand = price.ec2(gpu.instanceType);
  const node = `${gpu.instanceType} (${pool.gpusPerNode} × ${pool.gpuProduct})`;
  return [
    {
      item: `GPU nodes ${node}, on-demand`,
      quantity: {
        min: pool.minNodes - spotNodes(pool.minNodes),
        max: pool.maxNodes - spotNodes(pool.maxNodes),
      },
      unit: 'node',
      unitHourly: gpuOnDemand,
    },
    {
      item: `GPU nodes ${node}, spot`,
      quantity: {
        min: spotNodes(pool.minNodes),
        max: spotNodes(pool.maxNodes),
      },
      unit: 'node',
      unitHourly: gpuOnDemand * price.spotRatio(),
    },
    {
      item: `general nodes ${generalInstanceType} (the floor of the general group, which scales to ${generalNodes.max})`,
      quantity: same(generalNodes.min),
      unit: 'node',
      unitHourly: price.ec2(generalInstanceType),
    },
    {
      item: 'EKS control plane',
      quantity: same(1),
      unit: 'cluster',
      unitHourly: price.item('eksCluster'),
    },
    {
      item: `Aurora PostgreSQL ${auroraInstanceClass} (writer and reader)`,
      quantity: same(auroraInstances),
      unit: 'instance',
      unitHourly: price.aurora(auroraInstanceClass),
    },
    {
      item: 'Aurora storage',
      quantity: same(spec.database.storageGi),
      unit: 'GB-month',
      unitHourly: price.item('auroraStoragePerGbMonth') / hoursPerMonth,
    },
    {
      item: 'NAT gateways, one per availability zone',
      quantity: same(availabilityZoneCount),
      unit: 'gateway',
      unitHourly: price.item('natGateway'),
    },
  ];
}

const regionNotPriced = [
  'AWS Network Firewall endpoints (one per zone) and their processing per GB: not in the price table yet',
  'data transfer and NAT processing per GB',
  'CloudFront, WAF requests and Route 53 queries (usage-based)',
  'S3 storage and requests (usage-based)',
];

/** The site's own hardware is owned; only its link to the hub region is billed. */
function sovereignSiteLines(
  spec: SovereignSiteSpec,
  price: PriceLookup,
): LineItem[] {
  const link = spec.connectivity;
  const attachment = price.item('transitGatewayAttachment');
  if (link.type === 'direct-connect') {
    return [
      {
        item: 'Transit Gateway attachments: the hub VPC and the Direct Connect gateway',
        quantity: same(2),
        unit: 'attachment',
        unitHourly: attachment,
      },
    ];
  }
  const vpnConnections = Math.max(2, link.customerGatewayIps?.length ?? 0);
  return [
    {
      item: 'Site-to-Site VPN connections, one per customer gateway',
      quantity: same(vpnConnections),
      unit: 'connection',
      unitHourly: price.item('vpnConnection'),
    },
    {
      item: 'Transit Gateway attachments: the hub VPC and each VPN connection',
      quantity: same(1 + vpnConnections),
      unit: 'attachment',
      unitHourly: attachment,
    },
  ];
}

/** The AWS prices of a region, with the source and date of its own row. */
function awsSource(
  region: string,
  table: PriceTable,
  prices: RegionPrices,
): PriceSource {
  return {
    prices: `AWS list prices in ${region}`,
    source: prices.source ?? table.source,
    recorded: prices.recorded ?? table.recorded,
    checked: prices.checked ?? table.checked,
    caveat: table.caveat,
  };
}

/** Capacity the company owns: its GPUs at the model's rates, and a site's link. */
function onPremLines(
  spec: EnvironmentSpec,
  model: OnPremCostModel,
  hoursPerMonth: number,
): { lines: LineItem[]; source: PriceSource } {
  const country =
    spec.kind === 'sovereign-site'
      ? spec.country
      : cloudRegionCountry[spec.region as keyof typeof cloudRegionCountry];
  const rates = onPremRatesFor(model, country);
  const pool = spec.gpuPool;
  const gpus = {
    min: pool.minNodes * pool.gpusPerNode,
    max: pool.maxNodes * pool.gpusPerNode,
  };
  const lines: LineItem[] = [
    {
      item: `${pool.gpuProduct} GPUs, hardware amortised`,
      quantity: gpus,
      unit: 'GPU',
      unitHourly: rates.gpuHour,
    },
    {
      item: `${pool.gpuProduct} GPUs, power and cooling`,
      quantity: gpus,
      unit: 'GPU',
      unitHourly: rates.powerPerGpuHour,
    },
  ];
  if (spec.kind === 'sovereign-site') {
    lines.push({
      item: `${spec.connectivity.type} to the hub: circuit and routers`,
      quantity: same(1),
      unit: 'link',
      unitHourly: rates.linkMonthly / hoursPerMonth,
    });
  }
  return {
    lines,
    source: {
      prices: `on-prem cost model${
        country && model.byCountry[country] ? ` (${country} rates)` : ''
      }`,
      source: model.source,
      recorded: model.recorded,
      checked: true,
      caveat: '',
    },
  };
}

const onPremNotPriced =
  'staff and floor space, which the on-prem model leaves out';

function sovereignSiteNotPriced(
  spec: SovereignSiteSpec,
  onPrem: OnPremCostModel | undefined,
): string[] {
  return [
    onPrem
      ? onPremNotPriced
      : "the site's GPU nodes and database: on-prem hardware the company owns; set ekyc.costs.onPrem to price it",
    ...(spec.connectivity.type === 'direct-connect'
      ? ['Direct Connect port hours and data transfer']
      : ['data transfer over the VPN per GB']),
  ];
}

const cents = (usd: number) => Math.round(usd * 100) / 100;
const centsOf = (range: MinMax): MinMax => ({
  min: cents(range.min),
  max: cents(range.max),
});
const scale = (range: MinMax, factor: number): MinMax => ({
  min: range.min * factor,
  max: range.max * factor,
});

function notInTable(what: string, region: string, table: PriceTable) {
  return {
    priced: false as const,
    reason: `no price for ${what} in ${region} in the price table recorded ${table.recorded}: add it to ${priceTableRepoPath}, or run scripts/maintenance/refresh-prices.sh ${region} where AWS credentials are`,
  };
}

function regionNotInTable(region: string, table: PriceTable) {
  return {
    priced: false as const,
    reason: `no prices for region ${region} in the price table recorded ${table.recorded}: add the region to ${priceTableRepoPath}, or run scripts/maintenance/refresh-prices.sh ${region} where AWS credentials are`,
  };
}

/** The AWS part of an estimate: a region's own, or a site's link in its hub region. */
function awsPart(
  spec: EnvironmentSpec,
  table: PriceTable,
):
  | { lines: LineItem[]; source: PriceSource; region: string }
  | { priced: false; reason: string } {
  const region =
    spec.kind === 'region' ? spec.region : spec.connectivity.hub?.region;
  if (!region) {
    return {
      priced: false,
      reason:
        'a sovereign site on aws is billed in the region of its hub: set connectivity.hub',
    };
  }
  const prices = table.regions[region];
  if (!prices) return regionNotInTable(region, table);
  const price = priceLookup(prices, table);
  const lines =
    spec.kind === 'region'
      ? regionLines(spec, price, table.hoursPerMonth)
      : sovereignSiteLines(spec, price);
  if ('error' in lines) return { priced: false, reason: lines.error };
  if (price.missing.size) {
    return notInTable([...price.missing].join(', '), region, table);
  }
  return { lines, source: awsSource(region, table, prices), region };
}

/**
 * What the spec costs to run, from the GPU pool's floor to its ceiling: AWS at list
 * prices (a region on aws; a site's link in its hub region), and capacity the company
 * owns (target kubernetes; a site's own hardware) at the on-prem model's rates.
 */
export function estimateCost(
  spec: EnvironmentSpec,
  table: PriceTable,
  onPrem?: OnPremCostModel,
): CostEstimate {
  const owned = spec.target === 'kubernetes' || spec.kind === 'sovereign-site';
  if (spec.target === 'kubernetes' && !onPrem) {
    return {
      priced: false,
      reason:
        'target kubernetes runs on capacity the company owns (an on-prem site or a registered cluster): set ekyc.costs.onPrem (amortised hardware and power per GPU-hour, the link a month) to estimate it',
    };
  }
  const items: LineItem[] = [];
  const sources: PriceSource[] = [];
  let notPriced: string[] = [];
  let awsRegion: string | undefined;
  if (spec.target === 'aws') {
    const aws = awsPart(spec, table);
    if ('priced' in aws) return aws;
    items.push(...aws.lines);
    sources.push(aws.source);
    awsRegion = aws.region;
    notPriced =
      spec.kind === 'region'
        ? regionNotPriced
        : sovereignSiteNotPriced(spec, onPrem);
  }
  if (owned && onPrem) {
    const own = onPremLines(spec, onPrem, table.hoursPerMonth);
    items.push(...own.lines);
    sources.push(own.source);
    if (spec.target === 'kubernetes') notPriced = [onPremNotPriced];
  }
  const home =
    spec.kind === 'sovereign-site'
      ? `site ${spec.site} (${spec.country})`
      : `${spec.region}${spec.cluster ? ` on cluster ${spec.cluster}` : ''}`;
  const place =
    spec.kind === 'sovereign-site' && awsRegion
      ? `${home} and its hub in ${awsRegion}`
      : home;

  const itemHourly = items.map(item => scale(item.quantity, item.unitHourly));
  const hourly = itemHourly.reduce(
    (sum, h) => ({ min: sum.min + h.min, max: sum.max + h.max }),
    same(0),
  );
  return {
    priced: true,
    currency: 'USD',
    place,
    hourly: centsOf(hourly),
    monthly: centsOf(scale(hourly, table.hoursPerMonth)),
    lines: items.map((item, i) => ({
      ...item,
      hourly: centsOf(itemHourly[i]),
      monthly: centsOf(scale(itemHourly[i], table.hoursPerMonth)),
    })),
    notPriced,
    ...(spec.kind === 'sovereign-site' && !onPrem
      ? { partial: 'on-prem hardware and link (set ekyc.costs.onPrem)' }
      : {}),
    sources,
  };
}
