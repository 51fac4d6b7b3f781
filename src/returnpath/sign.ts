import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed return paths. BATV (draft-levine-smtp-batv-01, the `prvs` scheme): the local part becomes
 * `prvs=KDDDHHHHHH=local`, K the key id (one digit), DDD the day of signing (days since 1970, mod
 * 1000), HHHHHH the first six hex digits of an HMAC-SHA256 over key id, day and the original
 * sender. Six digits is the draft's length, which receivers that recognise `prvs=` expect; a forger
 * still has to guess 2^24 values per sender and day, each try refused at RCPT and counted, and a
 * bounce that passes must still name a message we recorded. VERP: `<bounce local part>+KDDDHHHHHH-
 * <recipient local>=<recipient domain>@<bounce domain>`, the HMAC over the recipient instead.
 *
 * Remote servers sometimes change the case of a local part: the HMAC is computed over the lower-
 * cased address and the tag compared without case. RFC 5321 4.5.3.1.1 limits a local part to 64
 * octets; a sender whose signed form would be longer is not signed (`too-long`), never truncated.
 */
export const MAX_LOCAL_PART = 64;
export const DAY_MS = 86_400_000;
const HASH_HEX = 6;
/** K + DDD + hash. */
const TAG_LENGTH = 4 + HASH_HEX;
const TAG = /^([0-9])([0-9]{3})([0-9a-f]{6})$/;
const BATV_PREFIX = 'prvs=';

export interface SigningKeys {
  /** Key id (one digit) to secret; every key verifies. */
  keys: ReadonlyMap<string, Buffer>;
  /** The key new signatures use. */
  signingKeyId: string;
  /** Older signatures are refused as expired (at most 999: the day wraps at 1000). */
  maxAgeDays: number;
}

export interface VerpBase {
  localPart: string;
  domain: string;
}

export type SignResult =
  | { address: string }
  | { address: null; why: 'too-long' | 'null-sender' | 'already-signed' | 'not-an-address' };

export type Verified =
  | { ok: true; kind: 'batv'; sender: string; keyId: string; ageDays: number }
  | { ok: true; kind: 'verp'; recipient: string; keyId: string; ageDays: number }
  | { ok: false; why: 'unsigned' | 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' };

export function dayOf(now: number): string {
  return String(Math.floor(now / DAY_MS) % 1000).padStart(3, '0');
}

/**
 * BATV-signs an envelope sender. With a `bounceDomain` other than the sender's, the sender's domain
 * moves into the local part (`prvs=TAG=local=domain@bounceDomain`) so it stays recoverable.
 */
export function signBatv(sender: string, keys: SigningKeys, now: number, bounceDomain?: string | null): SignResult {
  const parts = split(sender);
  if (!parts) return { address: null, why: sender === '' ? 'null-sender' : 'not-an-address' };
  if (parts.local.toLowerCase().startsWith(BATV_PREFIX)) return { address: null, why: 'already-signed' };
  const tag = tagFor('batv', `${parts.local}@${parts.domain}`, keys.signingKeyId, dayOf(now), keys);
  const moved = bounceDomain && bounceDomain.toLowerCase() !== parts.domain.toLowerCase();
  const local = moved ? `${BATV_PREFIX}${tag}=${parts.local}=${parts.domain}` : `${BATV_PREFIX}${tag}=${parts.local}`;
  if (local.length > MAX_LOCAL_PART) return { address: null, why: 'too-long' };
  return { address: `${local}@${moved ? bounceDomain : parts.domain}` };
}

/** A per-recipient VERP return path at the bounce address `base`. */
export function signVerp(recipient: string, keys: SigningKeys, now: number, base: VerpBase): SignResult {
  const parts = split(recipient);
  if (!parts) return { address: null, why: 'not-an-address' };
  const tag = tagFor('verp', `${parts.local}@${parts.domain}`, keys.signingKeyId, dayOf(now), keys);
  const local = `${base.localPart}+${tag}-${parts.local}=${parts.domain}`;
  if (local.length > MAX_LOCAL_PART) return { address: null, why: 'too-long' };
  return { address: `${local}@${base.domain}` };
}

/**
 * Checks a return path. `unsigned`: neither a `prvs=` address nor a VERP address at one of `bases`.
 * A genuine signature past the maximum age is `expired`.
 */
export function verifyReturnPath(address: string, keys: SigningKeys, now: number, bases: readonly VerpBase[] = []): Verified {
  const parts = split(address.trim().replace(/^<(.*)>$/, '$1'));
  if (!parts) return { ok: false, why: 'unsigned' };
  const lower = parts.local.toLowerCase();
  if (lower.startsWith(BATV_PREFIX)) return verifyBatv(parts.local.slice(BATV_PREFIX.length), parts.domain, keys, now);
  const base = bases.find((b) => b.domain.toLowerCase() === parts.domain.toLowerCase() && lower.startsWith(`${b.localPart.toLowerCase()}+`));
  if (base) return verifyVerp(parts.local.slice(base.localPart.length + 1), keys, now);
  return { ok: false, why: 'unsigned' };
}

function verifyBatv(rest: string, domain: string, keys: SigningKeys, now: number): Verified {
  const tag = rest.slice(0, TAG_LENGTH);
  const local = rest.slice(TAG_LENGTH + 1);
  if (rest[TAG_LENGTH] !== '=' || !local) return { ok: false, why: 'malformed' };
  // The sender's own domain, or one moved into the local part by a bounce domain: the HMAC decides.
  const candidates = [`${local}@${domain}`];
  const cut = local.lastIndexOf('=');
  if (cut > 0 && cut < local.length - 1) candidates.push(`${local.slice(0, cut)}@${local.slice(cut + 1)}`);
  const checked = check('batv', tag, candidates, keys, now);
  return checked.ok ? { ok: true, kind: 'batv', sender: checked.subject, keyId: checked.keyId, ageDays: checked.ageDays } : checked;
}

function verifyVerp(rest: string, keys: SigningKeys, now: number): Verified {
  const tag = rest.slice(0, TAG_LENGTH);
  const encoded = rest.slice(TAG_LENGTH + 1);
  const cut = encoded.lastIndexOf('=');
  if (rest[TAG_LENGTH] !== '-' || cut <= 0 || cut === encoded.length - 1) return { ok: false, why: 'malformed' };
  const checked = check('verp', tag, [`${encoded.slice(0, cut)}@${encoded.slice(cut + 1)}`], keys, now);
  return checked.ok ? { ok: true, kind: 'verp', recipient: checked.subject, keyId: checked.keyId, ageDays: checked.ageDays } : checked;
}

type Checked = { ok: true; subject: string; keyId: string; ageDays: number } | Extract<Verified, { ok: false }>;

function check(scheme: string, tag: string, candidates: string[], keys: SigningKeys, now: number): Checked {
  const m = TAG.exec(tag.toLowerCase());
  if (!m) return { ok: false, why: 'malformed' };
  const [, keyId, day, hash] = m;
  if (!keys.keys.has(keyId)) return { ok: false, why: 'unknown-key' };
  const subject = candidates.find((c) => sameHash(hashOf(scheme, c, keyId, day, keys), hash));
  if (!subject) return { ok: false, why: 'bad-signature' };
  const ageDays = (Number(dayOf(now)) - Number(day) + 1000) % 1000;
  if (ageDays > keys.maxAgeDays) return { ok: false, why: 'expired' };
  return { ok: true, subject, keyId, ageDays };
}

/**
 * Signing tags already made, per secret: a sender's mail of one day all carries the same tag, so a
 * bulk sender's messages cost one HMAC a day. Bounded (emptied when full); a new secret, a new map.
 */
const tags = new WeakMap<Buffer, Map<string, string>>();
const MAX_TAGS = 10_000;

function tagFor(scheme: string, subject: string, keyId: string, day: string, keys: SigningKeys): string {
  const secret = keys.keys.get(keyId);
  if (!secret) throw new Error(`no return-path key ${keyId}`);
  let made = tags.get(secret);
  if (!made) tags.set(secret, (made = new Map()));
  const input = `${scheme}|${day}|${subject}`;
  let tag = made.get(input);
  if (tag === undefined) {
    if (made.size >= MAX_TAGS) made.clear();
    tag = `${keyId}${day}${hashOf(scheme, subject, keyId, day, keys)}`;
    made.set(input, tag);
  }
  return tag;
}

function hashOf(scheme: string, subject: string, keyId: string, day: string, keys: SigningKeys): string {
  const secret = keys.keys.get(keyId);
  if (!secret) throw new Error(`no return-path key ${keyId}`);
  return createHmac('sha256', secret).update(`${scheme}|${keyId}${day}|${subject.toLowerCase()}`).digest('hex').slice(0, HASH_HEX);
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Local part and domain, split at the last `@` (a quoted local part may hold one). */
function split(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}
