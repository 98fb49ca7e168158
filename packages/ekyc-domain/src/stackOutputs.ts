import { z } from 'zod';
import { DataStore } from './residency/checkResidency';
import { countryOfLocation, DataLocation } from './residency/locations';
import { dataLocationSchema } from './spec/environmentSpec';

/**
 * What every environment program exports and the dashboard reads back: each store of
 * personal data, where it is, which country that location is in and whose data it holds,
 * and the countries the environment serves.
 */
/**
 * A sovereign site's VPN tunnel as AWS last reported it to the site's stack (target
 * aws): after its last up or refresh, not live.
 */
export const vpnTunnelOutputSchema = z.object({
  vpnConnection: z.string(),
  /** AWS's end of the tunnel. */
  awsAddress: z.string(),
  /** `UP` or `DOWN`, as AWS says. */
  status: z.string(),
  statusMessage: z.string(),
  lastStatusChange: z.string(),
  acceptedRoutes: z.number(),
});

export type VpnTunnelOutput = z.infer<typeof vpnTunnelOutputSchema>;

/**
 * A region's Aurora cluster on target aws, as its stack outputs it: its role when the
 * stack was applied (a promotion changes the writer, not the stack), the global
 * database and the cluster's ARN.
 */
export const auroraOutputSchema = z.object({
  role: z.enum(['primary', 'replica']),
  globalClusterIdentifier: z.string().min(1),
  clusterArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:/),
});

export type AuroraOutput = z.infer<typeof auroraOutputSchema>;

const outputsObject = z.object({
  dataLocations: z.array(
    z.object({
      store: z.string(),
      location: dataLocationSchema,
      // Programs write it; readers can tell it from the location.
      country: z.string().optional(),
      holdsDataOf: z.array(z.string()),
    }),
  ),
  servesCountries: z.array(z.string()),
  // A malformed report of the tunnels is not read, and leaves the rest readable.
  aws: z
    .object({ tunnels: z.array(vpnTunnelOutputSchema).optional() })
    .optional()
    .catch(undefined),
});

/** Stacks applied before the outputs were renamed say servedCountries until their next up. */
function withRenamedOutputs(outputs: unknown): unknown {
  if (!outputs || typeof outputs !== 'object') return outputs;
  const { servedCountries, ...rest } = outputs as Record<string, unknown>;
  return 'servesCountries' in rest || servedCountries === undefined
    ? outputs
    : { ...rest, servesCountries: servedCountries };
}

export const environmentOutputsSchema = z.preprocess(
  withRenamedOutputs,
  outputsObject,
);

export interface StackDataLocation {
  store: string;
  location: DataLocation;
  country: string;
  holdsDataOf: string[];
}

export interface EnvironmentOutputs {
  dataLocations: StackDataLocation[];
  servesCountries: string[];
}

/** A data store as a stack output: with the country its location is in. */
export function stackDataLocation(store: DataStore): StackDataLocation {
  return {
    store: store.store,
    location: store.location,
    country: countryOfLocation(store.location) ?? 'unknown',
    holdsDataOf: [...store.holdsDataOf],
  };
}
