import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b, 'en'))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

/**
 * The identity of a JSON value (a ticket's form, a spec), whatever the order of its
 * keys: `sha256:<hex>`.
 */
export function canonicalHash(values: object): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(canonical(values)))
    .digest('hex')}`;
}
