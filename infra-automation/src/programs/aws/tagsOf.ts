import {
  awsTags,
  EnvironmentSpec,
  formatCountryList,
} from '@internal/ekyc-domain';

/** Tags on every AWS resource of an environment (the provider's default tags). */
export function environmentTags(spec: EnvironmentSpec): Record<string, string> {
  return {
    [awsTags.environment]: spec.id,
    [awsTags.environmentKind]: spec.kind,
    [awsTags.owner]: spec.owner,
    [awsTags.costCenter]: spec.costCenter,
    [awsTags.servesCountries]: formatCountryList(spec.servesCountries),
    'pulumi:stack': spec.id,
  };
}
