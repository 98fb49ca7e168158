import {
  CountryCode,
  residencyRules,
  servedCountryCodes,
} from '@internal/ekyc-domain';

/** A latency for a person: "0.62 s", or milliseconds below a hundredth of a second. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return 'no traffic';
  return seconds < 0.01
    ? `${(seconds * 1000).toFixed(1)} ms`
    : `${seconds.toFixed(2)} s`;
}

export function formatPercent(percent: number): string {
  return `${Math.round(percent)}%`;
}

function isServedCountry(code: string): code is CountryCode {
  return (servedCountryCodes as readonly string[]).includes(code);
}

/** "Bangladesh (BD)" for a served country; any other code as it is. */
export function countryLabel(code: string): string {
  return isServedCountry(code)
    ? `${residencyRules[code].countryName} (${code})`
    : code;
}
