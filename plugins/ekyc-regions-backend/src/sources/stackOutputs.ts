import {
  countryOfLocation,
  environmentOutputsSchema,
  VpnTunnelOutput,
} from '@internal/ekyc-domain';
import { DataLocationEvidence } from '@internal/plugin-ekyc-regions-common';

export interface EnvironmentOutputs {
  servesCountries: string[];
  dataLocations: DataLocationEvidence[];
  /** A sovereign site's VPN tunnels, where its stack reports them (target aws). */
  tunnels?: VpnTunnelOutput[];
}

/** Checks a stack's outputs; throws naming the output that is missing or malformed. */
export function parseEnvironmentOutputs(
  outputs: Record<string, unknown>,
  subject: string,
): EnvironmentOutputs {
  const parsed = environmentOutputsSchema.safeParse(outputs);
  if (!parsed.success) {
    throw new Error(
      `the stack's outputs lack what the dashboard reads: ${parsed.error.issues
        .map(issue => `${issue.path.join('.') || 'outputs'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return {
    servesCountries: parsed.data.servesCountries,
    dataLocations: parsed.data.dataLocations.map(entry => ({
      store: entry.store,
      location: entry.location,
      locationCountry: countryOfLocation(entry.location),
      holdsDataOf: entry.holdsDataOf,
      source: 'stack-outputs',
      subject,
    })),
    ...(parsed.data.aws?.tunnels ? { tunnels: parsed.data.aws.tunnels } : {}),
  };
}
