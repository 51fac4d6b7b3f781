import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-bounceguard-signature';
export const TIMESTAMP_HEADER = 'x-bounceguard-timestamp';

/** `v1=` + hex HMAC-SHA256 over `${timestamp}.${body}`: the timestamp is signed so that replays can be refused. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, and refuse stale timestamps. */
export function verify(secret: string, timestamp: string, body: string, signature: string, maxAgeSeconds = 300, nowSeconds = Date.now() / 1000): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > maxAgeSeconds) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
