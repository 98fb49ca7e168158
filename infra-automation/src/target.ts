import type { automation } from '@pulumi/pulumi';
import type { EnvironmentSpec, TopologySpec } from '@internal/ekyc-domain';

/**
 * Where environments are applied: the program of each spec, and the checks against the
 * target made before any stack is touched (is there such a cluster, such a GPU pool?).
 * Programs implement it; the runner consumes it.
 */
export interface EnvironmentTarget {
  programFor(spec: EnvironmentSpec): automation.PulumiFn;
  /** Throws InfraError, or any Error, which the runner reports as a provider error. */
  preflight?(spec: EnvironmentSpec): Promise<void>;
}

/**
 * Where topologies' routing is applied: the program of each, and the checks made before
 * its stack is touched.
 */
export interface TopologyTarget {
  programFor(topology: TopologySpec): automation.PulumiFn;
  /** Throws InfraError, or any Error, which the runner reports as a provider error. */
  preflight?(topology: TopologySpec): Promise<void>;
}
