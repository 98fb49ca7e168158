/**
 * Country codes written into one annotation, tag or label value. Written
 * space-separated (AWS tag values may not hold commas); read split on spaces or commas,
 * since the templates join the entity annotation with commas.
 */
export function formatCountryList(codes: readonly string[]): string {
  return codes.join(' ');
}

/** The codes of a list value, in capitals, in their order, blanks dropped. */
export function parseCountryList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map(code => code.trim().toUpperCase())
    .filter(Boolean);
}
