import {
  checkResidency,
  describeAllowedLocations,
  residencyRules,
  ResidencyViolation,
  servedCountryCodes,
} from '@internal/ekyc-domain';
import {
  CountryView,
  DataLocationEvidence,
  ResidencyVerdict,
} from '@internal/plugin-ekyc-regions-common';

/** The violations among pieces of evidence; each names the store and who reported it. */
export function violationsOf(
  evidence: DataLocationEvidence[],
): ResidencyViolation[] {
  return checkResidency(
    evidence.map(item => ({
      store: `${item.store} of ${item.subject}`,
      location: item.location,
      holdsDataOf: item.holdsDataOf,
    })),
  );
}

/**
 * Violating as soon as one store breaks a rule; otherwise unknown while a source that
 * could hold the data is unreadable, compliant with evidence, and no-data without.
 */
export function verdictOf(
  evidence: DataLocationEvidence[],
  violations: ResidencyViolation[],
  unavailable: string[],
): ResidencyVerdict {
  if (violations.length) return 'violating';
  if (unavailable.length) return 'unknown';
  return evidence.length ? 'compliant' : 'no-data';
}

/** One view per served country: its rule, where its data is, and the verdict. */
export function countryViewsOf(input: {
  evidence: DataLocationEvidence[];
  servedBy: Map<string, string[]>;
  unavailable: string[];
}): CountryView[] {
  return servedCountryCodes.map(country => {
    const rule = residencyRules[country];
    const evidence = input.evidence.filter(item =>
      item.holdsDataOf.includes(country),
    );
    const violations = violationsOf(evidence).filter(
      violation => violation.country === country,
    );
    return {
      country,
      countryName: rule.countryName,
      rule: rule.rule,
      summary: rule.summary,
      legalBasis: rule.legalBasis,
      allowed: describeAllowedLocations(rule),
      verdict: verdictOf(evidence, violations, input.unavailable),
      evidence,
      violations,
      servedBy: input.servedBy.get(country) ?? [],
      unavailable: input.unavailable,
    };
  });
}
