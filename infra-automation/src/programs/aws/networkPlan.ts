/**
 * The VPC address block of each region environment: distinct, so that regions can be
 * peered and sovereign sites routed to without overlap. On-prem sites use other blocks
 * (the spec's `connectivity.onPremCidrs`), checked against these before anything runs.
 */
export const regionVpcCidrs: Readonly<Record<string, string>> = {
  'ap-southeast-1': '10.16.0.0/16',
  'ap-southeast-3': '10.17.0.0/16',
  'ap-southeast-5': '10.18.0.0/16',
  'ap-southeast-7': '10.19.0.0/16',
  'us-east-1': '10.32.0.0/16',
  'us-east-2': '10.33.0.0/16',
  'us-west-2': '10.34.0.0/16',
  'ca-central-1': '10.35.0.0/16',
  'ca-west-1': '10.36.0.0/16',
  'mx-central-1': '10.37.0.0/16',
};

function range(cidr: string): [number, number] {
  const [address, length] = cidr.split('/');
  const start = address
    .split('.')
    .reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(length));
  const first = start - (start % size);
  return [first, first + size - 1];
}

/** Whether two IPv4 CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [aStart, aEnd] = range(a);
  const [bStart, bEnd] = range(b);
  return aStart <= bEnd && bStart <= aEnd;
}
