import { cloudRegionCountry, nodeLabels } from '@internal/ekyc-domain';

/**
 * One field of a template's form. A field with `spec` takes its JSON Schema from the
 * EnvironmentSpec at that path (type, enum, pattern, bounds, items); the form adds
 * only what a person needs to fill it in.
 */
export interface FormField {
  /** The template parameter, `${{ parameters.<name> }}`. */
  name: string;
  /** Dotted path of the spec field the value goes to. */
  spec?: string;
  title: string;
  description?: string;
  default?: unknown;
  /** Added to the spec's property: widgets, fields, a narrower range the form offers. */
  hints?: Record<string, unknown>;
  /** The whole property, for a parameter that is not a spec field. */
  property?: Record<string, unknown>;
}

export interface FormPage {
  title: string;
  fields: FormField[];
  dependencies?: Record<string, unknown>;
}

/** A template that stamps out one kind of environment, described by its form. */
export interface EnvironmentForm {
  name: string;
  title: string;
  description: string;
  tags: string[];
  kind: 'region' | 'sovereign-site';
  /** What the texts call the environment: "site", "region". */
  noun: string;
  /** The parameter that holds the environment's id. */
  idParameter: string;
  /** Spec fields the form does not ask for, by dotted path. */
  fixed: Record<string, unknown>;
  pages: FormPage[];
}

const replicaRegions: FormField = {
  name: 'replicateTo',
  spec: 'database.replicateTo',
  title: 'Database replicas',
  description:
    'Cloud regions holding copies of the database. Most in-country rules allow none.',
  hints: {
    // The form offers cloud regions only; a replica at a sovereign site is CLI-only.
    items: {
      type: 'object',
      required: ['region'],
      properties: {
        type: {
          type: 'string',
          const: 'cloud-region',
          default: 'cloud-region',
          'ui:widget': 'hidden',
        },
        region: {
          title: 'Cloud region',
          type: 'string',
          enum: Object.keys(cloudRegionCountry),
        },
      },
    },
  },
};

/** The registered cluster it runs on; the field offers those its place allows. */
const clusterField = (noun: string): FormField => ({
  name: 'cluster',
  spec: 'cluster',
  title: 'Cluster',
  description: `The registered cluster the ${noun} runs on; its data lives where the cluster is.`,
  hints: { 'ui:field': 'EkycCluster' },
});

const servesCountries = (noun: string): FormField => ({
  name: 'servesCountries',
  spec: 'servesCountries',
  title: 'Countries served',
  description: `Each country's rule is checked against the ${noun} and every replica.`,
  hints: { uniqueItems: true, 'ui:widget': 'checkboxes' },
});

const gpuPoolFields = (defaults: {
  gpuProduct: string;
  gpusPerNode: number;
  minNodes: number;
  maxNodes: number;
}): FormField[] => [
  {
    name: 'gpuProduct',
    spec: 'gpuPool.gpuProduct',
    title: 'GPU product',
    default: defaults.gpuProduct,
  },
  {
    name: 'gpusPerNode',
    spec: 'gpuPool.gpusPerNode',
    title: 'GPUs per node',
    default: defaults.gpusPerNode,
  },
  {
    name: 'minNodes',
    spec: 'gpuPool.minNodes',
    title: 'Fewest GPU nodes',
    default: defaults.minNodes,
  },
  {
    name: 'maxNodes',
    spec: 'gpuPool.maxNodes',
    title: 'Most GPU nodes',
    default: defaults.maxNodes,
  },
];

const storageGi = (defaultGi: number): FormField => ({
  name: 'storageGi',
  spec: 'database.storageGi',
  title: 'Database storage (GiB)',
  default: defaultGi,
});

/** Who owns the environment, and where its entity goes; the same for every kind. */
const ownershipPage = (noun: string): FormPage => ({
  title: 'Ownership',
  fields: [
    {
      name: 'owner',
      spec: 'owner',
      title: 'Owner',
      description: `The team that runs the ${noun}.`,
      hints: {
        'ui:field': 'OwnerPicker',
        'ui:options': { catalogFilter: { kind: 'Group' } },
      },
    },
    {
      name: 'costCenter',
      spec: 'costCenter',
      title: 'Cost centre',
      default: 'EKYC-OPS-01',
    },
    {
      name: 'ticketUrl',
      title: 'Ticket',
      description:
        "The ticket this run was started from, set by the portal's ticket bridge.",
      property: { type: 'string', 'ui:widget': 'hidden' },
    },
    {
      name: 'publish',
      title: 'Publish to a GitHub repository',
      description: `Otherwise the ${noun} is registered with this portal's local catalog.`,
      default: false,
      property: { type: 'boolean' },
    },
  ],
  dependencies: {
    publish: {
      oneOf: [
        { properties: { publish: { const: false } } },
        {
          properties: {
            publish: { const: true },
            repoUrl: {
              title: 'Repository',
              type: 'string',
              'ui:field': 'RepoUrlPicker',
              'ui:options': { allowedHosts: ['github.com'] },
            },
          },
          required: ['repoUrl'],
        },
      ],
    },
  },
});

export const sovereignSiteForm: EnvironmentForm = {
  name: 'sovereign-site',
  title: 'New sovereign site',
  description:
    "An in-country site for a country whose law keeps its citizens' data at home: the eKYC API, GPU image workers and an in-country PostgreSQL on the site's own cluster, and its private link (VPN or Direct Connect) to a hub cloud region. Validated (residency included), previewed with the policy pack and its cost, applied with Pulumi, then registered in the catalog.",
  tags: ['ekyc', 'sovereign-site', 'pulumi', 'data-residency'],
  kind: 'sovereign-site',
  noun: 'site',
  idParameter: 'site',
  fixed: {
    kind: 'sovereign-site',
    'gpuPool.spotShare': 0,
    'database.engine': 'postgresql',
    'database.role': 'primary',
    edge: { cdn: false, waf: true },
  },
  pages: [
    {
      title: 'Country and site',
      fields: [
        {
          name: 'country',
          spec: 'country',
          title: 'Country',
          description: "The country whose citizens' data the site keeps.",
          hints: { 'ui:field': 'EkycCountryResidency' },
        },
        {
          name: 'site',
          spec: 'site',
          title: 'Site id',
          description:
            "Lowercase letters, digits and hyphens, e.g. bd-dhaka-1; also the environment's id.",
        },
        clusterField('site'),
        servesCountries('site'),
        replicaRegions,
      ],
    },
    {
      title: 'GPU pool and database',
      fields: [
        ...gpuPoolFields({
          gpuProduct: 'NVIDIA-A10',
          gpusPerNode: 4,
          minNodes: 1,
          maxNodes: 2,
        }).map(field =>
          field.name === 'gpuProduct'
            ? {
                ...field,
                description: `As the site's GPU nodes are labelled (${nodeLabels.gpuProduct}).`,
              }
            : field,
        ),
        storageGi(100),
      ],
    },
    {
      title: 'Hybrid link',
      fields: [
        {
          name: 'target',
          spec: 'target',
          title: 'Who creates the link',
          description:
            "kubernetes: the site's stack runs it on its cluster and records the link below, which the site's network team runs; aws: the stack also creates the link from the hub region's VPC (a Transit Gateway, and the VPN or Direct Connect interface), which needs AWS credentials, the AWS provider plugin and the hub applied on aws.",
          default: 'kubernetes',
          hints: { 'ui:field': 'EkycTarget' },
        },
        {
          name: 'linkType',
          spec: 'connectivity.type',
          title: 'Link to the cloud',
          description:
            'site-to-site-vpn: one VPN connection per on-prem router, each with two tunnels and BGP; direct-connect: a transit interface on an existing connection.',
          default: 'site-to-site-vpn',
        },
        {
          name: 'hubRegion',
          spec: 'connectivity.hub.region',
          title: 'Hub region',
          description:
            'The cloud region whose VPC the site joins; no personal data goes there. Required for target aws.',
          hints: { enum: Object.keys(cloudRegionCountry) },
        },
        {
          name: 'hubEnvironment',
          spec: 'connectivity.hub.environment',
          title: 'Hub environment',
          description:
            'The id of the region environment in the hub region, e.g. ap-southeast-1-primary. Required for target aws.',
        },
        {
          name: 'bgpAsn',
          spec: 'connectivity.bgpAsn',
          title: "The site's BGP ASN",
          description: 'A private ASN, 64512-65534.',
          default: 65010,
          // The form offers the 16-bit private range; the spec allows 32-bit ones too.
          hints: { minimum: 64512, maximum: 65534 },
        },
        {
          name: 'onPremCidrs',
          spec: 'connectivity.onPremCidrs',
          title: 'On-prem networks',
          description:
            'The only networks routed to the site, e.g. 10.40.0.0/16.',
          default: ['10.40.0.0/16'],
        },
        {
          name: 'customerGatewayIps',
          spec: 'connectivity.customerGatewayIps',
          title: 'On-prem VPN routers',
          description:
            "Site-to-site VPN: the public IPv4 address of each of the site's VPN routers, two for a redundant link. Required for target aws.",
          hints: { uniqueItems: true },
        },
        {
          name: 'directConnectConnection',
          spec: 'connectivity.directConnect.connectionId',
          title: 'Direct Connect connection',
          description:
            'Direct Connect: the dedicated or hosted connection, e.g. dxcon-fgabc123. Required for target aws.',
        },
        {
          name: 'directConnectVlan',
          spec: 'connectivity.directConnect.vlan',
          title: 'Direct Connect VLAN',
          description:
            'Direct Connect: the VLAN of the transit virtual interface, 1-4094.',
        },
      ],
    },
    ownershipPage('site'),
  ],
};

export const regionEnvironmentForm: EnvironmentForm = {
  name: 'region-environment',
  title: 'New region environment',
  description:
    "A cloud region running the eKYC API and GPU image workers with its own database and image store, serving the countries whose rules allow their data there. Validated (residency included), previewed with the policy pack and its cost, applied with Pulumi (the sandbox's cluster by default, or AWS), then registered in the catalog.",
  tags: ['ekyc', 'region', 'pulumi', 'gpu'],
  kind: 'region',
  noun: 'region',
  idParameter: 'id',
  fixed: {
    kind: 'region',
    'database.engine': 'postgresql',
  },
  pages: [
    {
      title: 'Region',
      fields: [
        {
          name: 'region',
          spec: 'region',
          title: 'Cloud region',
          hints: { 'ui:field': 'EkycRegionResidency' },
        },
        {
          name: 'id',
          spec: 'id',
          title: 'Environment id',
          description:
            'Lowercase letters, digits and hyphens, e.g. ap-southeast-1-primary.',
        },
        {
          name: 'role',
          spec: 'role',
          title: 'Role',
          description:
            "The primary answers the API's global name; a secondary takes over when it fails.",
          default: 'primary',
        },
        {
          name: 'databaseRole',
          spec: 'database.role',
          title: 'Database',
          description:
            "primary: the region's own Aurora global database. replica: an Aurora global secondary of another region's database, which it takes over when promoted (ekyc:environment:promote).",
          default: 'primary',
        },
        {
          name: 'primaryEnvironment',
          spec: 'database.primary.environment',
          title: 'Primary environment',
          description:
            'Replica only: the id of the region environment whose database it follows, e.g. us-east-1-primary. Where it is and the countries it serves are read from the catalog, and each of their rules is checked for this region.',
        },
        {
          name: 'target',
          spec: 'target',
          title: 'Where to apply it',
          description:
            "kubernetes runs it on a registered cluster (the sandbox's Singapore one, or any cluster the portal is given); aws creates its own EKS cluster and needs AWS credentials and the AWS provider plugin.",
          default: 'kubernetes',
          hints: { enum: ['kubernetes', 'aws'], 'ui:field': 'EkycTarget' },
        },
        clusterField('region'),
        servesCountries('region'),
        replicaRegions,
      ],
    },
    {
      title: 'GPU pool and edge',
      fields: [
        ...gpuPoolFields({
          gpuProduct: 'NVIDIA-L4',
          gpusPerNode: 8,
          minNodes: 2,
          maxNodes: 4,
        }),
        {
          name: 'spotShare',
          spec: 'gpuPool.spotShare',
          title: 'Share on spot capacity',
          description: '0 to 1; spot nodes cost less and may be taken back.',
          default: 0.5,
        },
        storageGi(500),
        {
          name: 'backupRetentionDays',
          spec: 'database.backupRetentionDays',
          title: 'Backup retention (days)',
          description: 'How long Aurora keeps automated backups.',
        },
        {
          name: 'cdn',
          spec: 'edge.cdn',
          title: 'CDN for the front end',
          default: true,
        },
        {
          name: 'waf',
          spec: 'edge.waf',
          title: 'WAF on every public endpoint',
          description: 'The policy pack refuses a public endpoint without it.',
          default: true,
        },
      ],
    },
    ownershipPage('region'),
  ],
};

/** The environment templates, generated into templates/<name>/template.yaml. */
export const environmentForms = [sovereignSiteForm, regionEnvironmentForm];
