import { EnvironmentSpec } from '../spec/environmentSpec';
import { parseEnvironmentSpec } from '../spec/parseSpec';

/** A region environment on aws serving `serves` at `region`, with optional database fields; for the topology tests. */
export function regionSpec(
  id: string,
  region: string,
  serves: string[],
  database: Record<string, unknown> = {},
): EnvironmentSpec {
  return parseEnvironmentSpec({
    kind: 'region',
    id,
    target: 'aws',
    region,
    role: 'primary',
    servesCountries: serves,
    gpuPool: {
      gpuProduct: 'NVIDIA-L4',
      minNodes: 1,
      maxNodes: 2,
      gpusPerNode: 8,
      spotShare: 0,
    },
    database: {
      engine: 'postgresql',
      storageGi: 100,
      role: 'primary',
      ...database,
    },
    edge: { cdn: false, waf: true },
    owner: 'group:default/platform-team',
    costCenter: 'EKYC-TEST-01',
  });
}
