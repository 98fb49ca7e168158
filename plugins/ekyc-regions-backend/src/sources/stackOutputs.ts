import { dataLocationSchema } from '@internal/infra-automation';
import {
  DataLocationEvidence,
  countryOfLocation,
} from '@internal/plugin-ekyc-regions-common';
import { z } from 'zod';

/** The outputs every environment program exports that the dashboard reads. */
const environmentOutputs = z.object({
  dataLocations: z.array(
    z.object({
      store: z.string(),
      location: dataLocationSchema,
      holdsDataOf: z.array(z.string()),
    }),
  ),
  servedCountries: z.array(z.string()),
});

export interface EnvironmentOutputs {
  servedCountries: string[];
  dataLocations: DataLocationEvidence[];
}

/** Checks a stack's outputs; throws naming the output that is missing or malformed. */
export function parseEnvironmentOutputs(
  outputs: Record<string, unknown>,
  subject: string,
): EnvironmentOutputs {
  const parsed = environmentOutputs.safeParse(outputs);
  if (!parsed.success) {
    throw new Error(
      `the stack's outputs lack what the dashboard reads: ${parsed.error.issues
        .map(issue => `${issue.path.join('.') || 'outputs'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return {
    servedCountries: parsed.data.servedCountries,
    dataLocations: parsed.data.dataLocations.map(entry => ({
      store: entry.store,
      location: entry.location,
      locationCountry: countryOfLocation(entry.location),
      holdsDataOf: entry.holdsDataOf,
      source: 'stack-outputs',
      subject,
    })),
  };
}
