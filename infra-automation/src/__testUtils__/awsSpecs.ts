import {
  parseEnvironmentSpec,
  RegionSpec,
  SovereignSiteSpec,
} from '@internal/ekyc-domain';

/** A valid target-aws region environment; `overrides` replace top-level fields. */
export function awsRegionSpec(overrides: Record<string, unknown> = {}) {
  return parseEnvironmentSpec({
    kind: 'region',
    id: 'ap-southeast-1-primary',
    target: 'aws',
    region: 'ap-southeast-1',
    role: 'primary',
    servesCountries: ['SG'],
    gpuPool: {
      gpuProduct: 'NVIDIA-L4',
      minNodes: 2,
      maxNodes: 4,
      gpusPerNode: 8,
      spotShare: 0.5,
    },
    database: { engine: 'postgresql', storageGi: 500, role: 'primary' },
    edge: { cdn: true, waf: true },
    owner: 'group:default/platform-team',
    costCenter: 'EKYC-SEA-01',
    ...overrides,
  }) as RegionSpec;
}

/** A valid target-aws BD sovereign site joined to the Singapore region. */
export function awsSiteSpec(connectivity: Record<string, unknown>) {
  return parseEnvironmentSpec({
    kind: 'sovereign-site',
    id: 'bd-dhaka-1',
    target: 'aws',
    cluster: 'dhaka-onprem',
    country: 'BD',
    site: 'bd-dhaka-1',
    servesCountries: ['BD'],
    gpuPool: {
      gpuProduct: 'NVIDIA-A10',
      minNodes: 1,
      maxNodes: 2,
      gpusPerNode: 4,
      spotShare: 0,
    },
    database: { engine: 'postgresql', storageGi: 100, role: 'primary' },
    edge: { cdn: false, waf: true },
    connectivity: {
      bgpAsn: 65010,
      onPremCidrs: ['10.40.0.0/16', '10.41.0.0/16'],
      hub: { region: 'ap-southeast-1', environment: 'ap-southeast-1-primary' },
      ...connectivity,
    },
    owner: 'group:default/ops-bd',
    costCenter: 'EKYC-BD-01',
  }) as SovereignSiteSpec;
}
