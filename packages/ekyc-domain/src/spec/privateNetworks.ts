/**
 * The address ranges an on-prem network may be in: private (RFC 1918) and shared
 * carrier-grade NAT space (RFC 6598). A route wider than /8, or one outside these (a
 * default route above all), would send the site's traffic, and with it citizens' data,
 * somewhere nobody declared.
 */
const privateRanges = [
  { cidr: '10.0.0.0/8', prefix: 8 },
  { cidr: '172.16.0.0/12', prefix: 12 },
  { cidr: '192.168.0.0/16', prefix: 16 },
  { cidr: '100.64.0.0/10', prefix: 10 },
].map(range => ({ ...range, base: addressOf(range.cidr) }));

export const privateRangeList = privateRanges
  .map(range => range.cidr)
  .join(', ');

function addressOf(cidr: string): number {
  return cidr
    .split('/')[0]
    .split('.')
    .reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** Whether a well-formed IPv4 CIDR lies wholly inside one of the private ranges. */
export function isPrivateCidr(cidr: string): boolean {
  const prefix = Number(cidr.split('/')[1]);
  const start = addressOf(cidr);
  const networkOf = (value: number, bits: number) =>
    Math.floor(value / 2 ** (32 - bits));
  return privateRanges.some(
    range =>
      prefix >= range.prefix &&
      networkOf(start, range.prefix) === networkOf(range.base, range.prefix),
  );
}
