// The sandbox's two clusters, for the jest tests and the end-to-end tests alike
// (scripts/sandbox/clusters.mjs is where the sandbox itself defines them).
import path from 'node:path';

/** The Singapore region's cluster, and Dhaka's in-country one. */
export const singapore = 'sandbox-singapore';
export const dhaka = 'sandbox-dhaka';
export type SandboxCluster = typeof singapore | typeof dhaka;
export const sandboxClusterNames: readonly SandboxCluster[] = [
  singapore,
  dhaka,
];

/** A file of one cluster's state: kubeconfig (admin), kubeconfig-pulumi, pki/ca.crt, ... */
export function clusterFileIn(
  sandboxDir: string,
  cluster: SandboxCluster,
  ...segments: string[]
): string {
  return path.join(sandboxDir, 'clusters', cluster, ...segments);
}
