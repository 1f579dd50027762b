// The signature of a webhook delivery: HMAC-SHA256, keyed with the endpoint's secret, over
// `<timestamp>.<body>`, sent as `Newsroom-Signature: t=<unix seconds>,v1=<hex>`. The timestamp is signed
// too, so a receiver that refuses old timestamps cannot be fed a recorded delivery again later.
// `verifySignature` is the receiver's side, written as docs/notifications.md tells receivers to write it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Newsroom-Signature';
/** How far a receiver should accept a signature's timestamp from its own clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * Whether `header` is a signature of `body` with `secret`, made within `toleranceSeconds` of `now`.
 * Any `v1` entry may match (a sender rotating secrets sends one per secret); the comparison takes
 * the same time whatever the bytes.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  { now = new Date(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = {},
): boolean {
  const parts = (header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
