import { z } from 'zod';
import { describeLocation } from '../residency/locations';
import { environmentSpecSchema, locationOf } from '../spec/environmentSpec';
import { countryCode, dnsLabel, ownerRef } from '../spec/fieldFormats';
import { parseWithSchema } from '../spec/parseSpec';
import { checkTopology } from './checkTopology';

// Who serves which country, for the whole company: the one definition the CLI, the
// policy pack, the routing program, the catalog entity and the dashboard read.

const environmentId = dnsLabel('environment id', 40);

const countryPlacementSchema = z.object({
  /** The environment that serves the country's users and holds their data. */
  primary: environmentId,
  /** Environments that take over the country's users, in order, when the primary fails. */
  failover: z.array(environmentId).default([]),
  /**
   * `failover`: the primary while it is healthy, then each failover in order.
   * `latency`: the nearest healthy one of the primary and its failovers, for a country
   * whose rule allows all of them.
   */
  routing: z.enum(['failover', 'latency']).default('failover'),
});

export const topologySpecSchema = z
  .object({
    kind: z.literal('topology'),
    id: dnsLabel('id', 40),
    /** The environments the topology routes between, as their specs. */
    environments: z
      .array(environmentSpecSchema)
      .min(1, 'list the environments the topology routes between'),
    /** Each served country's placement; a country not listed is served nowhere. */
    countries: z.partialRecord(countryCode, countryPlacementSchema),
    /**
     * Global Accelerator in front of the regions, as the active-passive pattern has it:
     * an endpoint group per region environment with its traffic dial (percent of the
     * traffic the group takes; 0 keeps a region passive until it is turned up).
     */
    globalAccelerator: z
      .object({
        trafficDials: z.record(environmentId, z.int().min(0).max(100)),
      })
      .optional(),
    /**
     * How users reach an environment that has no AWS edge of its own (a sovereign site
     * on its on-prem cluster): its public name, health-checked, and the addresses the
     * global name answers with for the countries it serves.
     */
    endpoints: z
      .record(
        environmentId,
        z.object({
          hostname: z
            .string()
            .regex(
              /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
              'must be a host name such as "api.bd-dhaka-1.example.gov.bd"',
            ),
          ipAddresses: z
            .array(
              z.ipv4("must be the public IPv4 address of the site's ingress"),
            )
            .min(1, "list the public addresses of the site's ingress"),
        }),
      )
      .default({}),
    owner: ownerRef,
  })
  .superRefine((topology, ctx) => {
    const byId = new Map(topology.environments.map(env => [env.id, env]));
    topology.environments.forEach((env, index) => {
      if (
        topology.environments.findIndex(other => other.id === env.id) < index
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', index, 'id'],
          message: `${env.id} is listed twice: list each environment once`,
        });
      }
    });
    const known = [...byId.keys()].join(', ');
    // A secondary's spec checks the countries it says its primary serves; here the
    // primary is at hand, so what it says must be what the primary is.
    topology.environments.forEach((env, index) => {
      const declared = env.database.primary;
      const primary = declared && byId.get(declared.environment);
      if (!declared || !primary) return;
      const at = ['environments', index, 'database'];
      const home = locationOf(primary);
      if (
        !env.database.replicaOf ||
        describeLocation(env.database.replicaOf) !== describeLocation(home)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'replicaOf'],
          message: `${env.id} follows ${
            primary.id
          }, which is at ${describeLocation(
            home,
          )}: set replicaOf to that location`,
        });
      }
      const said = [...declared.servesCountries].sort().join(', ');
      const is = [...primary.servesCountries].sort().join(', ');
      if (said !== is) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'primary', 'servesCountries'],
          message: `${env.id} says ${primary.id} serves ${said}, but it serves ${is}: list what ${primary.id} serves, so that each of those rules is checked at ${env.id}`,
        });
      }
    });
    for (const [country, placement] of Object.entries(topology.countries)) {
      if (!placement) continue;
      const at = ['countries', country];
      const primary = byId.get(placement.primary);
      if (!primary) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'primary'],
          message: `${placement.primary} is not among the topology's environments: one of ${known}`,
        });
      } else if (!primary.servesCountries.includes(country as never)) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'primary'],
          message: `${placement.primary} does not serve ${country}: add ${country} to its servesCountries (its rule is checked there), or name the environment that does`,
        });
      }
      placement.failover.forEach((id, index) => {
        if (!byId.has(id) || id === placement.primary) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'failover', index],
            message:
              id === placement.primary
                ? `${id} is the primary: a failover is another environment`
                : `${id} is not among the topology's environments: one of ${known}`,
          });
        }
      });
      if (placement.routing === 'latency' && !placement.failover.length) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'routing'],
          message:
            'latency routing chooses among the primary and its failovers: list at least one failover, or route by failover',
        });
      }
    }
    for (const id of Object.keys(
      topology.globalAccelerator?.trafficDials ?? {},
    )) {
      const env = byId.get(id);
      if (!env || env.kind !== 'region') {
        ctx.addIssue({
          code: 'custom',
          path: ['globalAccelerator', 'trafficDials', id],
          message: `${id} is not a region environment of the topology: Global Accelerator's endpoint groups are regions`,
        });
      }
    }
    const accelerated = Object.keys(
      topology.globalAccelerator?.trafficDials ?? {},
    );
    for (const violation of checkTopology(
      topology.countries as never,
      byId,
      accelerated,
    )) {
      const { kind, to } = violation.edge;
      const placement =
        topology.countries[
          violation.country as keyof typeof topology.countries
        ]!;
      let edgePath: (string | number)[] = [
        'countries',
        violation.country,
        'primary',
      ];
      if (kind === 'failover') {
        edgePath = [
          'countries',
          violation.country,
          'failover',
          placement.failover.indexOf(to),
        ];
      } else if (kind === 'accelerator') {
        edgePath = ['globalAccelerator', 'trafficDials', to];
      }
      ctx.addIssue({
        code: 'custom',
        path: edgePath,
        message: violation.message,
        params: { residency: true, country: violation.country },
      });
    }
  });

export type TopologySpec = z.output<typeof topologySpecSchema>;

/** Validates a topology, residency over every edge included; throws SpecValidationError. */
export function parseTopologySpec(
  input: unknown,
  source?: string,
): TopologySpec {
  return parseWithSchema(topologySpecSchema, input, source, 'topology');
}
