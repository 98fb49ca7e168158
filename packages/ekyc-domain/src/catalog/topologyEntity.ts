import { z } from 'zod';
import { edgesOf, topologyEdgeKinds } from '../topology/checkTopology';
import type { TopologySpec } from '../topology/topologySpec';
import {
  pulumiProjectName,
  topologyEntityType,
  topologyProjectName,
} from '../vocabulary/vocabulary';

/** A data location as an entity records it; the rules judge it when it is read. */
const recordedLocation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cloud-region'), region: z.string() }),
  z.object({
    type: z.literal('sovereign-site'),
    country: z.string(),
    site: z.string(),
  }),
]);

/** A country's routes as the topology's entity records them. */
const countryRoutesSchema = z.object({
  country: z.string(),
  primary: z.string(),
  failover: z.array(z.string()),
  routing: z.enum(['failover', 'latency']),
  /** Every place the country's data travels to, and along which edge. */
  edges: z.array(
    z.object({
      kind: z.enum(topologyEdgeKinds),
      to: z.string(),
      location: recordedLocation,
    }),
  ),
});

/** The part of a topology entity's spec the dashboard reads. */
export const topologyEntitySpecSchema = z.object({
  countries: z.array(countryRoutesSchema),
  globalAccelerator: z
    .object({ trafficDials: z.record(z.string(), z.number()) })
    .optional(),
});

export type TopologyEntitySpec = z.output<typeof topologyEntitySpecSchema>;

/**
 * The catalog Resource of a topology: which environment serves each country, where its
 * users fail over, and every place its data travels (so that the dashboard judges each
 * edge against the rules as they stand); it depends on the environments it routes
 * between, so the catalog graph draws the map.
 */
export function topologyEntityOf(topology: TopologySpec) {
  const environments = new Map(topology.environments.map(e => [e.id, e]));
  const accelerated = Object.keys(
    topology.globalAccelerator?.trafficDials ?? {},
  );
  const countries = Object.entries(topology.countries).flatMap(
    ([country, placement]) =>
      placement
        ? [
            {
              country,
              primary: placement.primary,
              failover: placement.failover,
              routing: placement.routing,
              edges: edgesOf(placement, environments, accelerated).map(
                edge => ({
                  ...edge,
                }),
              ),
            },
          ]
        : [],
  );
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: topology.id,
      // Not the environments' namespace: a topology may share an environment's id.
      namespace: topologyProjectName,
      title: `Topology ${topology.id}`,
      description: `Who serves each of ${countries
        .map(c => c.country)
        .join(
          ', ',
        )}, where their users fail over, and where their data travels.`,
      tags: ['topology', 'data-residency'],
    },
    spec: {
      type: topologyEntityType,
      owner: topology.owner,
      system: 'default/ekyc',
      dependsOn: topology.environments.map(
        env => `resource:${pulumiProjectName}/${env.id}`,
      ),
      countries,
      ...(topology.globalAccelerator
        ? { globalAccelerator: topology.globalAccelerator }
        : {}),
    } satisfies TopologyEntitySpec & Record<string, unknown>,
  };
}
