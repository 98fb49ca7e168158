import { z } from 'zod';
import { checkResidency, DataStore } from '../residency/checkResidency';
import { DataLocation } from '../residency/locations';
import { dataStoresOfPlacement } from './dataStores';
import {
  cloudRegion,
  clusterName,
  countryCode,
  dnsLabel,
  ownerRef,
} from './fieldFormats';
import { awsGpuInstanceTypeFor, gpuProducts, gpusPerNodeChoices } from './gpu';
import { isPrivateCidr, privateRangeList } from './privateNetworks';

// The single source of truth for an environment: the scaffolder form, the actions'
// input, the Pulumi stack config and the catalog annotations all derive from it.

export const dataLocationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cloud-region'), region: cloudRegion }),
  z.object({
    type: z.literal('sovereign-site'),
    country: countryCode,
    site: dnsLabel('site', 32),
  }),
]);

const gpuPoolSchema = z
  .object({
    gpuProduct: z.enum(gpuProducts),
    minNodes: z.int().min(0).max(64),
    maxNodes: z.int().min(1).max(64),
    gpusPerNode: z.literal(gpusPerNodeChoices),
    spotShare: z
      .number()
      .min(0)
      .max(1)
      .describe('Share of GPU nodes on spot capacity, 0 to 1'),
  })
  .refine(pool => pool.minNodes <= pool.maxNodes, {
    message:
      'minNodes must not exceed maxNodes: raise maxNodes or lower minNodes',
    path: ['minNodes'],
  });

const databaseSchema = z
  .object({
    engine: z.literal('postgresql'),
    storageGi: z.int().min(10).max(65536),
    /** How long automated backups are kept; Aurora allows 1 to 35 days. */
    backupRetentionDays: z.int().min(1).max(35).default(14),
    /** `replica`: an Aurora global secondary of another region's database. */
    role: z.enum(['primary', 'replica']).default('primary'),
    /** For a replica: where the primary it follows lives. */
    replicaOf: dataLocationSchema.optional(),
    /**
     * For a replica (an Aurora global secondary): the environment whose database it
     * follows and the countries that environment serves. It copies their data, so each
     * of their rules is checked against the replica's location.
     */
    primary: z
      .object({
        environment: dnsLabel('database.primary.environment', 40),
        servesCountries: z
          .array(countryCode)
          .min(1, 'list the countries the primary environment serves'),
      })
      .optional(),
    /** For a primary: where its replicas live (each is checked for residency). */
    replicateTo: z.array(dataLocationSchema).default([]),
  })
  .superRefine((db, ctx) => {
    if (db.role === 'replica' && !db.replicaOf) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicaOf'],
        message:
          'a replica needs replicaOf: the location of the primary it follows',
      });
    }
    if (db.role === 'replica' && !db.primary) {
      ctx.addIssue({
        code: 'custom',
        path: ['primary'],
        message:
          'a replica needs primary: the environment it follows and the countries that environment serves, e.g. { environment: us-east-1-primary, servesCountries: [US] }, so that their rules are checked where the replica keeps their data',
      });
    }
    if (db.role === 'primary' && (db.replicaOf || db.primary)) {
      ctx.addIssue({
        code: 'custom',
        path: [db.replicaOf ? 'replicaOf' : 'primary'],
        message:
          'a primary follows no one: remove replicaOf and primary, or set role: replica',
      });
    }
  });

const common = {
  id: dnsLabel('id', 40),
  target: z.enum(['aws', 'kubernetes']),
  /**
   * The registered cluster the environment's workloads run on (ekyc.clusters, or a
   * catalog Resource of type kubernetes-cluster); a region on target aws creates its
   * own and names none.
   */
  cluster: clusterName
    .optional()
    .describe('Name of the registered cluster the environment runs on'),
  servesCountries: z
    .array(countryCode)
    .min(1, 'list at least one country whose citizens this environment serves'),
  gpuPool: gpuPoolSchema,
  database: databaseSchema,
  edge: z.object({ cdn: z.boolean(), waf: z.boolean() }),
  /**
   * What the environment's workloads may reach outside its network, by name: on AWS the
   * Network Firewall's allow-list (everything else is dropped; AWS's own APIs are reached
   * through VPC endpoints). A leading "." allows the subdomains.
   */
  egress: z
    .object({
      allowedDomains: z
        .array(
          z
            .string()
            .regex(
              /^\.?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
              'must be a domain name such as "api.nid.gov.example" (a leading "." allows its subdomains); no wildcard, scheme or path',
            ),
        )
        .max(200)
        .default([]),
    })
    .default({ allowedDomains: [] }),
  // Both become Kubernetes label values and AWS tags: at most 63 characters, starting
  // and ending with a letter or digit.
  owner: ownerRef,
  costCenter: z
    .string()
    .regex(
      /^[A-Z0-9][A-Z0-9-]{0,18}[A-Z0-9]$/,
      'must be a cost centre code such as "EKYC-OPS-01": 2 to 20 capital letters, digits and "-", starting and ending with a letter or digit',
    ),
};

const regionSpecSchema = z.object({
  kind: z.literal('region'),
  ...common,
  region: cloudRegion,
  role: z.enum(['primary', 'secondary']),
});

/** How a sovereign site joins its hub region. */
export const linkTypeSchema = z.enum(['site-to-site-vpn', 'direct-connect']);

const sovereignSiteSpecSchema = z.object({
  kind: z.literal('sovereign-site'),
  ...common,
  country: countryCode,
  site: dnsLabel('site', 32),
  // Strict: a misspelt link field must not pass as a link without it. The VPN's
  // redundancy is fixed, not a setting: one connection per customer gateway, each
  // with AWS's two tunnels.
  connectivity: z.strictObject({
    type: linkTypeSchema,
    bgpAsn: z
      .int()
      .refine(
        asn =>
          (asn >= 64512 && asn <= 65534) ||
          (asn >= 4200000000 && asn <= 4294967294),
        'must be a private BGP ASN: 64512-65534 or 4200000000-4294967294',
      ),
    onPremCidrs: z
      .array(
        z
          .cidrv4('must be an IPv4 CIDR such as "10.20.0.0/16"')
          .refine(
            isPrivateCidr,
            `must be a private network (inside ${privateRangeList}), no wider than /8; a default route or a public range would send the site's traffic outside it`,
          ),
      )
      .min(1, 'list the on-prem CIDRs to route to the site'),
    /** Target aws: the region environment whose network the site joins. */
    hub: z
      .object({
        region: cloudRegion,
        environment: dnsLabel('hub.environment', 40).describe(
          'id of the region environment (its stack) whose VPC the site joins',
        ),
      })
      .optional(),
    /** Target aws, site-to-site VPN: the public addresses of the site's VPN routers. */
    customerGatewayIps: z
      .array(z.ipv4('must be the public IPv4 address of an on-prem VPN router'))
      .max(4)
      .refine(
        ips => new Set(ips).size === ips.length,
        'must list each router once: one address twice is one gateway, not two',
      )
      .optional(),
    /** Target aws, Direct Connect: the dedicated or hosted connection to use. */
    directConnect: z
      .object({
        connectionId: z
          .string()
          .regex(
            /^dxcon-[a-z0-9]+$/,
            'must be a Direct Connect connection id such as "dxcon-fgabc123"',
          ),
        vlan: z.int().min(1).max(4094),
      })
      .optional(),
  }),
});

/** Where the environment itself keeps data. */
export function locationOf(spec: EnvironmentSpec): DataLocation {
  return spec.kind === 'region'
    ? { type: 'cloud-region', region: spec.region }
    : { type: 'sovereign-site', country: spec.country, site: spec.site };
}

/**
 * Every store of personal data the environment creates, with the countries whose data
 * it holds: its own database and image store, and each database replica it feeds.
 */
export function dataStoresOf(spec: EnvironmentSpec): DataStore[] {
  return dataStoresOfPlacement({
    home: locationOf(spec),
    servesCountries: spec.servesCountries,
    siteCountry: spec.kind === 'sovereign-site' ? spec.country : undefined,
    replicaOf: spec.database.replicaOf,
    primaryServes: spec.database.primary?.servesCountries,
    replicateTo: spec.database.replicateTo,
  });
}

type Spec = z.output<typeof regionSpecSchema | typeof sovereignSiteSpecSchema>;

/** What target aws needs beyond the common fields; each message names the field to set. */
function checkAwsTarget(spec: Spec, ctx: z.RefinementCtx) {
  if (spec.kind === 'region') {
    // A sovereign site's GPUs are its own on-prem nodes; a region's are EC2 instances.
    const instance = awsGpuInstanceTypeFor(
      spec.gpuPool.gpuProduct,
      spec.gpuPool.gpusPerNode,
    );
    if ('error' in instance) {
      ctx.addIssue({
        code: 'custom',
        path: ['gpuPool'],
        message: instance.error,
      });
    }
    return;
  }
  const link = spec.connectivity;
  if (!link.hub) {
    ctx.addIssue({
      code: 'custom',
      path: ['connectivity', 'hub'],
      message:
        'target aws joins the site to a region environment: set connectivity.hub to its region and environment id, e.g. { region: ap-southeast-1, environment: ap-southeast-1-primary }',
    });
  }
  if (
    link.type === 'site-to-site-vpn' &&
    (link.customerGatewayIps?.length ?? 0) < 2
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['connectivity', 'customerGatewayIps'],
      message:
        'a redundant site-to-site VPN needs the public IPv4 addresses of two on-prem VPN routers in connectivity.customerGatewayIps',
    });
  }
  if (link.type === 'direct-connect' && !link.directConnect) {
    ctx.addIssue({
      code: 'custom',
      path: ['connectivity', 'directConnect'],
      message:
        'direct-connect needs connectivity.directConnect: the connection id (dxcon-…) and the VLAN of the transit virtual interface',
    });
  }
}

/**
 * Every environment runs on a named cluster, except a region on target aws, whose stack
 * creates its own EKS cluster (and registers it).
 */
function checkClusterNamed(spec: Spec, ctx: z.RefinementCtx) {
  const createsItsOwn = spec.kind === 'region' && spec.target === 'aws';
  if (createsItsOwn && spec.cluster) {
    ctx.addIssue({
      code: 'custom',
      path: ['cluster'],
      message:
        'a region on target aws creates its own EKS cluster, which registers itself: remove cluster',
    });
  }
  if (!createsItsOwn && !spec.cluster) {
    ctx.addIssue({
      code: 'custom',
      path: ['cluster'],
      message: `is required: set it to the name of the registered cluster the ${
        spec.kind === 'region' ? 'region' : 'site'
      } runs on (ekyc.clusters in the portal's config, or a catalog Resource of type kubernetes-cluster)`,
    });
  }
}

export const environmentSpecSchema = z
  .discriminatedUnion('kind', [regionSpecSchema, sovereignSiteSpecSchema], {
    error: issue =>
      issue.code === 'invalid_union'
        ? 'must be "region" (a cloud region environment) or "sovereign-site" (an in-country site)'
        : undefined,
  })
  .superRefine((spec, ctx) => {
    if (spec.target === 'aws') checkAwsTarget(spec, ctx);
    checkClusterNamed(spec, ctx);
    if (
      spec.kind === 'region' &&
      spec.database.role === 'replica' &&
      spec.target !== 'aws'
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'role'],
        message:
          'a replica is an Aurora global secondary, which only target aws creates: set target: aws, or role: primary',
      });
    }
    const followed = spec.database.replicaOf;
    if (
      spec.kind === 'region' &&
      followed?.type === 'cloud-region' &&
      followed.region === spec.region
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'replicaOf'],
        message: `follows a primary in ${spec.region}, the region itself: an Aurora global secondary is in another region than its primary (a second copy in one region is the cluster's own replicas)`,
      });
    }
    const stores = dataStoresOf(spec);
    const primary = spec.database.primary;
    checkResidency(stores).forEach(violation => {
      const replicaIndex =
        violation.store === 'database replica'
          ? stores
              .filter(s => s.store === 'database replica')
              .findIndex(s => s.location === violation.location)
          : -1;
      // A country only the primary serves reaches here along the primary → secondary
      // edge: say so, and point at the primary it came from.
      const viaPrimary =
        replicaIndex < 0 &&
        primary !== undefined &&
        primary.servesCountries.includes(violation.country as never) &&
        !spec.servesCountries.includes(violation.country as never);
      let path: (string | number)[] = [
        spec.kind === 'region' ? 'region' : 'site',
      ];
      if (viaPrimary) path = ['database', 'primary', 'servesCountries'];
      else if (replicaIndex >= 0)
        path = ['database', 'replicateTo', replicaIndex];
      ctx.addIssue({
        code: 'custom',
        path,
        message: viaPrimary
          ? `${primary.environment} → ${spec.id} (Aurora global secondary): ${violation.message} Put the secondary where every country ${primary.environment} serves allows, or follow another primary.`
          : violation.message,
        params: { residency: true, country: violation.country },
      });
    });
  });

export type EnvironmentSpec = z.output<typeof environmentSpecSchema>;
export type EnvironmentSpecInput = z.input<typeof environmentSpecSchema>;
export type RegionSpec = Extract<EnvironmentSpec, { kind: 'region' }>;
export type SovereignSiteSpec = Extract<
  EnvironmentSpec,
  { kind: 'sovereign-site' }
>;

/** The spec as JSON Schema (draft 2020-12), for forms; refinements are not included. */
export function environmentSpecJsonSchema() {
  return z.toJSONSchema(environmentSpecSchema, { io: 'input' });
}
