import { EnvironmentSpec } from '../../spec';

/** Tags on every AWS resource of an environment (the provider's default tags). */
export function environmentTags(spec: EnvironmentSpec): Record<string, string> {
  return {
    'ekyc:environment': spec.id,
    'ekyc:environment-kind': spec.kind,
    'ekyc:owner': spec.owner,
    'ekyc:cost-center': spec.costCenter,
    'ekyc:served-countries': spec.servesCountries.join(' '),
    'pulumi:stack': spec.id,
  };
}
