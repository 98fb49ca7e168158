/** IPv4 arithmetic for carving a VPC's CIDR into subnets. */

function toNumber(address: string): number {
  return address
    .split('.')
    .reduce((value, octet) => value * 256 + Number(octet), 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}

/**
 * The `index`-th block of prefix length `prefix` inside `cidr`, e.g. the third /20 of
 * 10.0.0.0/16 is 10.0.32.0/20. Throws when the block does not fit.
 */
export function subnetOf(cidr: string, prefix: number, index: number): string {
  const [address, length] = cidr.split('/');
  const parentLength = Number(length);
  const blocks = 2 ** (prefix - parentLength);
  if (prefix < parentLength || index < 0 || index >= blocks) {
    throw new Error(
      `${cidr} has no block ${index} of size /${prefix} (it holds ${Math.max(
        blocks,
        0,
      )})`,
    );
  }
  return `${toAddress(
    toNumber(address) + index * 2 ** (32 - prefix),
  )}/${prefix}`;
}
