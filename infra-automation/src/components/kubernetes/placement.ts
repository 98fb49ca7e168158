import * as k8s from '@pulumi/kubernetes';

/** Nodes carrying every label in `nodeLabels` (the site's or region's nodes). */
export function nodesLabelled(
  nodeLabels: Record<string, string>,
): k8s.types.input.core.v1.NodeSelector {
  return {
    nodeSelectorTerms: [
      {
        matchExpressions: Object.entries(nodeLabels).map(([key, value]) => ({
          key,
          operator: 'In',
          values: [value],
        })),
      },
    ],
  };
}

export function requiredNodeAffinity(
  nodeLabels: Record<string, string>,
): k8s.types.input.core.v1.NodeAffinity {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: nodesLabelled(nodeLabels),
  };
}

/** Spread replicas over zones and then nodes, so that one failure takes few of them. */
export function spreadOverZonesAndNodes(
  podLabels: Record<string, string>,
): k8s.types.input.core.v1.TopologySpreadConstraint[] {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map(
    topologyKey => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: podLabels },
    }),
  );
}
