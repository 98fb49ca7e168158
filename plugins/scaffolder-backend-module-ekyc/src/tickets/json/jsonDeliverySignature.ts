import { createHmac, timingSafeEqual } from 'node:crypto';

/** A delivery older than this (or from further in the future) is refused as stale. */
export const maxDeliveryAgeMs = 5 * 60_000;

/** The headers a JSON delivery (and a request for its outcome) carries. */
export const jsonDeliveryHeaders = {
  deliveryId: 'x-ekyc-delivery',
  timestamp: 'x-ekyc-timestamp',
  signature: 'x-ekyc-signature-256',
} as const;

export interface SignedParts {
  /** Unix seconds, as sent in X-Ekyc-Timestamp. */
  timestamp: string;
  deliveryId: string;
  /** The body's raw bytes; empty for a request for a delivery's outcome. */
  body: Buffer;
}

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<delivery id>.<body>`. */
export function jsonDeliverySignature(secret: string, signed: SignedParts) {
  return `sha256=${createHmac('sha256', secret)
    .update(`${signed.timestamp}.${signed.deliveryId}.`)
    .update(signed.body)
    .digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true; sentAtMs: number }
  | { ok: false; status: 400 | 401; error: string };

/**
 * Checks a signed request: the HMAC covers the id and the time as well as the body, so
 * neither can be changed to replay a captured body; then the id must be present and
 * the time within 5 minutes of `nowMs`. Compared in constant time.
 */
export function checkJsonDeliverySignature(
  secret: string,
  signed: SignedParts,
  header: string | undefined,
  nowMs: number,
): SignatureCheck {
  const expected = Buffer.from(jsonDeliverySignature(secret, signed));
  const given = Buffer.from(header ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      status: 401,
      error:
        'X-Ekyc-Signature-256 is missing or does not match: sign "<X-Ekyc-Timestamp>.<X-Ekyc-Delivery>.<body>" with HMAC-SHA256 and ekyc.tickets.json.secret, as sha256=<hex>',
    };
  }
  if (!signed.deliveryId) {
    return {
      ok: false,
      status: 400,
      error: 'X-Ekyc-Delivery is missing: give every delivery its own id',
    };
  }
  const sentAtMs = /^\d{1,12}$/.test(signed.timestamp)
    ? Number(signed.timestamp) * 1000
    : NaN;
  if (!(Math.abs(nowMs - sentAtMs) <= maxDeliveryAgeMs)) {
    return {
      ok: false,
      status: 401,
      error: `X-Ekyc-Timestamp: ${
        signed.timestamp || 'missing'
      } is not within 5 minutes of the portal's clock; send each delivery when it is signed, with the time in Unix seconds`,
    };
  }
  return { ok: true, sentAtMs };
}

/** One header's value, or undefined when it is absent or given more than once. */
export function singleHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}
