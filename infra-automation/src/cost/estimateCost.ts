import {
  awsGpuInstanceTypeFor,
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

export type CostEstimate =
  | {
      priced: true;
      currency: 'USD';
      region: string;
      hourly: MinMax;
      monthly: MinMax;
      lines: CostLine[];
      /** Costs the estimate leaves out, mostly usage-based. */
      notPriced: string[];
      priceTable: {
        recorded: string;
        source: string;
        checked: boolean;
        caveat: string;
      };
    }
  | { priced: false; reason: string };

/** A line's quantity and unit price; its totals are summed at full precision. */
type LineItem = Omit<CostLine, 'hourly' | 'monthly'>;

/** Prices the table holds as one figure per region. */
type RegionPrice = Exclude<
  keyof RegionPrices,
  'ec2OnDemand' | 'auroraOnDemand' | 'spotPriceRatio'
>;

/**
 * Looks up a region's prices and remembers each one the table lacks. A missing
 * price reads as 0 so that all lines can be built; they are discarded when
 * anything was missing.
 */
function priceLookup(prices: RegionPrices) {
  const missing = new Set<string>();
  const need = (name: string, value: number | undefined) => {
    if (value === undefined) missing.add(name);
    return value ?? 0;
  };
  return {
    missing,
    ec2: (type: string) => need(type, prices.ec2OnDemand?.[type]),
    spotRatio: () => need('spotPriceRatio', prices.spotPriceRatio),
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

function sovereignSiteNotPriced(spec: SovereignSiteSpec): string[] {
  return [
    "the site's GPU nodes and database: on-prem hardware the company owns",
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
    reason: `no price for ${what} in ${region} in the price table recorded ${table.recorded}: add it to ${priceTableRepoPath}`,
  };
}

function regionNotInTable(region: string, table: PriceTable) {
  return {
    priced: false as const,
    reason: `no prices for region ${region} in the price table recorded ${table.recorded}: add the region to ${priceTableRepoPath}`,
  };
}

/** What the spec costs to run on AWS at list prices, from the GPU pool's floor to its ceiling. */
export function estimateCost(
  spec: EnvironmentSpec,
  table: PriceTable,
): CostEstimate {
  if (spec.target === 'kubernetes') {
    return {
      priced: false,
      reason:
        'target kubernetes runs on capacity the company owns (an on-prem site or the sandbox); the price table covers AWS only',
    };
  }
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

  const price = priceLookup(prices);
  const items =
    spec.kind === 'region'
      ? regionLines(spec, price, table.hoursPerMonth)
      : sovereignSiteLines(spec, price);
  if ('error' in items) return { priced: false, reason: items.error };
  if (price.missing.size) {
    return notInTable([...price.missing].join(', '), region, table);
  }

  const itemHourly = items.map(item => scale(item.quantity, item.unitHourly));
  const hourly = itemHourly.reduce(
    (sum, h) => ({ min: sum.min + h.min, max: sum.max + h.max }),
    same(0),
  );
  return {
    priced: true,
    currency: 'USD',
    region,
    hourly: centsOf(hourly),
    monthly: centsOf(scale(hourly, table.hoursPerMonth)),
    lines: items.map((item, i) => ({
      ...item,
      hourly: centsOf(itemHourly[i]),
      monthly: centsOf(scale(itemHourly[i], table.hoursPerMonth)),
    })),
    notPriced:
      spec.kind === 'region' ? regionNotPriced : sovereignSiteNotPriced(spec),
    priceTable: {
      recorded: table.recorded,
      source: table.source,
      checked: table.checked,
      caveat: table.caveat,
    },
  };
}
