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

/** The identity of a form's values, whatever the order of its keys: `sha256:<hex>`. */
export function formHash(values: Record<string, unknown>): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(canonical(values)))
    .digest('hex')}`;
}
