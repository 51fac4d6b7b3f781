import { parseDuration } from '../config/units';

/**
 * The one reading of dates and times for every command and every imported file, so that what
 * `add --expires` takes, `import` takes too:
 *   - an ISO 8601 date (`2030-01-01`, midnight UTC) or date-time (`2030-01-01T12:00`, `...:00Z`,
 *     `...+02:00`; no zone: UTC), a space allowed for the T;
 *   - an RFC 5322 date-time as mail and Mailgun write it (`Tue, 01 Jan 2030 12:00:00 +0000`, `GMT`, `UTC`);
 *   - a Unix time: digits, in seconds below 10^11 (SendGrid's `created`), else in milliseconds.
 */

/** The latest epoch millisecond a JavaScript Date can hold (ECMA-262 21.4.1.1). */
export const MAX_TIME = 8.64e15;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const RFC5322 = /^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|gmt|utc|ut|z)?$/i;
const UNIX_SECONDS_BELOW = 1e11;
const WEEK_MS = 7 * 86_400_000;

/** An absolute time as epoch ms; throws naming the text when it is none of the forms above. */
export function parseInstant(value: string | number): number {
  const text = String(value).trim();
  let t: number;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    t = n < UNIX_SECONDS_BELOW ? n * 1000 : n;
  } else if (ISO.test(text)) {
    t = isoTime(ISO.exec(text)!);
  } else if (RFC5322.test(text)) {
    t = Date.parse(text.replace(/\s+(utc|ut)$/i, ' GMT'));
  } else {
    t = NaN;
  }
  if (!Number.isFinite(t) || t < 0 || t > MAX_TIME) {
    throw new Error(`not a date or time: ${JSON.stringify(text)} (write 2030-01-01, 2030-01-01T12:00Z, an RFC 5322 date or Unix seconds)`);
  }
  return t;
}

function isoTime(m: RegExpExecArray): number {
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const t = Date.UTC(y, mo - 1, d, h, mi, s, Math.round(Number(m[7] ?? 0) * 1000));
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2030-02-30 over to March: a date that does not exist is refused instead.
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return NaN;
  return t - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

/** `30d`, `12h`, `90m`, `2w`... as ms, or null when the text is no duration with a unit. */
export function parseRelative(value: string): number | null {
  const text = value.trim();
  const weeks = /^(\d+)w$/i.exec(text);
  if (weeks) return Number(weeks[1]) * WEEK_MS;
  if (!/^\d+(?:\.\d+)?\s*(ms|[smhd])$/i.test(text)) return null;
  return parseDuration(text);
}

/** A time given absolutely or as a duration before now (`--since 7d`). */
export function parsePast(value: string, now: number): number {
  const ago = parseRelative(value);
  return ago === null ? parseInstant(value) : now - ago;
}

/** An expiry: `never` (null), a duration from now (`30d`), or a time; one already past is refused. */
export function parseExpiry(value: string, now: number): number | null {
  if (value.trim().toLowerCase() === 'never') return null;
  const ahead = parseRelative(value);
  const t = ahead === null ? parseInstant(value) : now + ahead;
  if (t <= now) throw new Error(`${value} is already past: an entry expiring then would never take effect`);
  return t;
}
