import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ekycRegionsApiRef } from './api';
import {
  checkResidency,
  DataLocation,
  residencyRules,
} from '@internal/ekyc-domain';
import {
  CountriesResponse,
  CountryView,
  DataLocationEvidence,
  PlanApprovalsResponse,
  RegionsResponse,
  RegionView,
  TopologyResponse,
} from '@internal/plugin-ekyc-regions-common';
import { EkycRegionsApi } from './api';

const singapore: DataLocation = {
  type: 'cloud-region',
  region: 'ap-southeast-1',
};
const dhaka: DataLocation = {
  type: 'sovereign-site',
  country: 'BD',
  site: 'dhaka-1',
};
const singaporeDatabase: DataLocationEvidence = {
  store: 'database',
  location: singapore,
  locationCountry: 'SG',
  holdsDataOf: ['SG', 'MY'],
  source: 'stack-outputs',
  subject: 'resource:default/ekyc-sg',
};
const prometheusDown =
  'Prometheus http://prometheus.dhaka-1:9090 did not answer within 5000 ms';

/** A cloud region whose every source answered. */
export const singaporeRegion: RegionView = {
  id: 'ap-southeast-1',
  kind: 'region',
  region: 'ap-southeast-1',
  country: 'SG',
  clusters: ['eks-sg'],
  environments: [
    {
      entityRef: 'resource:default/ekyc-sg',
      title: 'eKYC Singapore',
      type: 'ekyc-region',
      stack: 'ekyc-environment/sg',
      kubernetesId: 'ekyc-sg',
      servesCountries: ['SG', 'MY'],
      dataLocations: { status: 'available', value: [singaporeDatabase] },
    },
  ],
  gpu: {
    status: 'available',
    value: {
      products: [
        {
          product: 'NVIDIA-L4',
          nodes: 4,
          capacity: 32,
          allocatable: 32,
          allocated: 13,
          free: 19,
        },
      ],
      total: {
        nodes: 4,
        capacity: 32,
        allocatable: 32,
        allocated: 13,
        free: 19,
      },
      nodes: [],
    },
  },
  utilisation: {
    status: 'available',
    value: {
      averagePercent: 63.4,
      nodes: [{ node: 'gpu-sg-1', percent: 63.4 }],
    },
  },
  latency: {
    status: 'available',
    value: {
      sloP95Seconds: 1.5,
      withinSlo: true,
      overall: { p50: 0.31, p95: 0.62, p99: 0.9 },
      byStage: [],
      byCountry: [],
      p95Series: [
        [1_700_000_000, 0.6],
        [1_700_000_120, 0.62],
        [1_700_000_240, null],
        [1_700_000_360, 0.58],
        [1_700_000_480, 0.61],
      ],
    },
  },
  residency: { verdict: 'compliant', violations: [], findings: [] },
};

const dhakaReplicaViolations = checkResidency([
  { store: 'database replica', location: singapore, holdsDataOf: ['BD'] },
]);

/** A sovereign site whose Prometheus is down and whose replica sits abroad. */
export const dhakaSite: RegionView = {
  id: 'dhaka-1',
  kind: 'sovereign-site',
  country: 'BD',
  clusters: ['dhaka'],
  environments: [
    {
      entityRef: 'resource:default/ekyc-dhaka',
      type: 'ekyc-sovereign-site',
      servesCountries: ['BD'],
      dataLocations: {
        status: 'unavailable',
        source: 'pulumi',
        error:
          "resource:default/ekyc-dhaka has no pulumi.com/stack annotation, so its stack's outputs cannot be read",
      },
    },
  ],
  gpu: {
    status: 'available',
    value: {
      products: [
        {
          product: 'NVIDIA-A100',
          nodes: 2,
          capacity: 16,
          allocatable: 8,
          allocated: 6,
          free: 2,
        },
      ],
      total: { nodes: 2, capacity: 16, allocatable: 8, allocated: 6, free: 2 },
      nodes: [
        {
          node: 'gpu-dhaka-1',
          product: 'NVIDIA-A100',
          schedulable: true,
          allocatable: 8,
          allocated: 6,
        },
        {
          node: 'gpu-dhaka-2',
          product: 'NVIDIA-A100',
          schedulable: false,
          allocatable: 0,
          allocated: 0,
        },
      ],
    },
  },
  utilisation: {
    status: 'unavailable',
    source: 'prometheus',
    error: prometheusDown,
  },
  latency: {
    status: 'unavailable',
    source: 'prometheus',
    error: prometheusDown,
  },
  residency: {
    verdict: 'violating',
    violations: dhakaReplicaViolations,
    findings: [],
  },
};

export const regionsResponse: RegionsResponse = {
  generatedAt: '2025-06-01T08:00:00.000Z',
  regions: [singaporeRegion, dhakaSite],
  errors: [
    {
      source: 'prometheus',
      name: 'http://prometheus.dhaka-1:9090',
      error: 'did not answer within 5000 ms',
    },
  ],
};

function countryView(
  code: 'BD' | 'SG',
  view: Pick<CountryView, 'verdict' | 'evidence' | 'violations' | 'servedBy'>,
): CountryView {
  const rule = residencyRules[code];
  return {
    country: code,
    countryName: rule.countryName,
    rule: rule.rule,
    summary: rule.summary,
    legalBasis: rule.legalBasis,
    allowed: code === 'BD' ? ['sovereign sites in BD'] : ['ap-southeast-1'],
    unavailable: [],
    ...view,
  };
}

export const countriesResponse: CountriesResponse = {
  generatedAt: '2025-06-01T08:00:00.000Z',
  countries: [
    countryView('BD', {
      verdict: 'violating',
      servedBy: ['dhaka-1'],
      evidence: [
        {
          store: 'database replica',
          location: singapore,
          locationCountry: 'SG',
          holdsDataOf: ['BD'],
          source: 'stack-outputs',
          subject: 'resource:default/ekyc-dhaka',
        },
        {
          store: 'database',
          location: dhaka,
          locationCountry: 'BD',
          holdsDataOf: ['BD'],
          source: 'cluster',
          subject: 'dhaka/ekyc/cases-db-0',
        },
      ],
      violations: dhakaReplicaViolations,
    }),
    countryView('SG', {
      verdict: 'compliant',
      servedBy: ['ap-southeast-1'],
      evidence: [singaporeDatabase],
      violations: [],
    }),
  ],
  errors: [],
};

/** An API client that answers with the given responses, or fails as told. */
export function fakeEkycRegionsApi(answers: {
  regions?: RegionsResponse | Error;
  countries?: CountriesResponse | Error;
  approvals?: PlanApprovalsResponse | Error;
  topology?: TopologyResponse | Error;
  decide?: EkycRegionsApi['decide'];
}): EkycRegionsApi {
  function answer<T>(value: T | Error | undefined, what: string): Promise<T> {
    if (value === undefined) {
      return Promise.reject(new Error(`the test gives no ${what}`));
    }
    return value instanceof Error
      ? Promise.reject(value)
      : Promise.resolve(value);
  }
  return {
    getRegions: () => answer(answers.regions, 'regions'),
    getCountries: () => answer(answers.countries, 'countries'),
    getApprovals: () => answer(answers.approvals, 'approvals'),
    getTopology: () => answer(answers.topology, 'topology'),
    decide:
      answers.decide ??
      (() => Promise.reject(new Error('the test takes no decision'))),
  };
}

/** What a test app needs to show the fixtures: the fake API and the entity pages' route. */
export const fixtureAppOptions = {
  apis: [
    [
      ekycRegionsApiRef,
      fakeEkycRegionsApi({
        regions: regionsResponse,
        countries: countriesResponse,
      }),
    ],
  ] as const,
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

/** The backend's 403 for a caller without ekyc.regions.read, as its error middleware writes it. */
export function permissionRefusal(url: string): Response {
  return Response.json(
    {
      error: {
        name: 'NotAllowedError',
        message: 'reading eKYC regions needs the ekyc.regions.read permission',
      },
      request: { method: 'GET', url },
      response: { statusCode: 403 },
    },
    { status: 403, statusText: 'Forbidden' },
  );
}
