import { describe, expect, it } from 'vitest';
import { parseReturnpathConfig, returnPathFor, signBatv, signVerp, verifyReturnPath, MAX_LOCAL_PART, type SigningKeys } from '../../src/returnpath';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-27T05:00:00Z');
const keysOf = (signing: string, maxAgeDays = 14): SigningKeys => ({
  keys: new Map([['1', Buffer.from('first secret, long enough')], ['2', Buffer.from('second secret, long enough')]]),
  signingKeyId: signing,
  maxAgeDays,
});
const KEYS = keysOf('1');
const BASE = { localPart: 'bounces', domain: 'bounce.example' };

function signed(sender: string, keys = KEYS, now = NOW, bounceDomain?: string): string {
  const r = signBatv(sender, keys, now, bounceDomain);
  if (!r.address) throw new Error(`not signed: ${r.why}`);
  return r.address;
}

describe('BATV signing', () => {
  it('has the prvs=KDDDHHHHHH=local@domain shape and recovers the sender', () => {
    const rp = signed('alice@example.com');
    expect(rp).toMatch(/^prvs=1\d{3}[0-9a-f]{6}=alice@example\.com$/);
    expect(verifyReturnPath(rp, KEYS, NOW)).toMatchObject({ ok: true, kind: 'batv', sender: 'alice@example.com', keyId: '1', ageDays: 0 });
  });

  it.each([
    ['an altered hash', (rp: string) => rp.replace(/^(prvs=1\d{3}[0-9a-f]{5})([0-9a-f])/, (_, a: string, c: string) => a + (c === '0' ? '1' : '0')), 'bad-signature'],
    ['another sender under the same tag', (rp: string) => rp.replace('alice@', 'mallory@'), 'bad-signature'],
    ['an unknown key id', (rp: string) => rp.replace(/^prvs=1/, 'prvs=7'), 'unknown-key'],
    ['a cut tag', (rp: string) => rp.replace(/^(prvs=\d{4}[0-9a-f]{3})[0-9a-f]{3}/, '$1'), 'malformed'],
    ['no tag at all', () => 'alice@example.com', 'unsigned'],
  ])('refuses %s', (_, alter, why) => {
    expect(verifyReturnPath(alter(signed('alice@example.com')), KEYS, NOW)).toEqual({ ok: false, why });
  });

  it('gives a sender the same tag all day, one made by the secret in use: a key id given a new secret signs anew', () => {
    expect(signed('alice@example.com')).toBe(signed('alice@example.com'));
    expect(signed('alice@example.com', KEYS, NOW + DAY)).not.toBe(signed('alice@example.com'));
    const replaced: SigningKeys = { ...KEYS, keys: new Map([['1', Buffer.from('a new secret for key one, long enough')]]) };
    const rp = signed('alice@example.com', replaced);
    expect(rp).not.toBe(signed('alice@example.com'));
    expect(verifyReturnPath(rp, replaced, NOW)).toMatchObject({ ok: true, sender: 'alice@example.com' });
    expect(verifyReturnPath(rp, KEYS, NOW)).toEqual({ ok: false, why: 'bad-signature' });
  });

  it('rotates keys: old signatures verify while a new key signs, until the old key is removed', () => {
    const old = signed('alice@example.com', keysOf('1'));
    const rotated = keysOf('2');
    const fresh = signed('alice@example.com', rotated);
    expect(fresh).toMatch(/^prvs=2/);
    expect(verifyReturnPath(old, rotated, NOW)).toMatchObject({ ok: true, keyId: '1' });
    const withoutOld: SigningKeys = { ...rotated, keys: new Map([...rotated.keys].filter(([id]) => id !== '1')) };
    expect(verifyReturnPath(old, withoutOld, NOW)).toEqual({ ok: false, why: 'unknown-key' });
    expect(verifyReturnPath(fresh, withoutOld, NOW)).toMatchObject({ ok: true, keyId: '2' });
  });

  it('expires after the maximum age, across the day counter wrapping at 1000', () => {
    const rp = signed('alice@example.com');
    expect(verifyReturnPath(rp, KEYS, NOW + 14 * DAY)).toMatchObject({ ok: true, ageDays: 14 });
    expect(verifyReturnPath(rp, KEYS, NOW + 15 * DAY)).toEqual({ ok: false, why: 'expired' });
    const beforeWrap = Math.ceil(NOW / (1000 * DAY)) * 1000 * DAY - DAY;
    expect(verifyReturnPath(signed('a@b.example', KEYS, beforeWrap), KEYS, beforeWrap + 3 * DAY)).toMatchObject({ ok: true, ageDays: 3 });
    // A day "from the future" is as old as the counter makes it: refused.
    expect(verifyReturnPath(signed('a@b.example', KEYS, NOW + 2 * DAY), KEYS, NOW)).toEqual({ ok: false, why: 'expired' });
  });

  it('tolerates remote servers changing the case of the local part', () => {
    const rp = signed('Alice.Smith@Example.com');
    for (const variant of [rp.toUpperCase(), rp.toLowerCase(), `<${rp}>`]) {
      const v = verifyReturnPath(variant, KEYS, NOW);
      expect(v, variant).toMatchObject({ ok: true, kind: 'batv' });
      expect(v.ok && v.kind === 'batv' && v.sender.toLowerCase()).toBe('alice.smith@example.com');
    }
  });

  it.each(['a+tag@example.com', 'a=b@example.com', 'x=y+z=w@example.com', 'prvs-like=1234abcdef=x@example.com'])(
    'keeps %s recoverable whatever + and = it holds', (sender) => {
      expect(verifyReturnPath(signed(sender), KEYS, NOW)).toMatchObject({ ok: true, sender });
      expect(verifyReturnPath(signed(sender, KEYS, NOW, 'bounce.example'), KEYS, NOW)).toMatchObject({ ok: true, sender });
    });

  it('moves the sender domain into the local part for a separate bounce domain', () => {
    const rp = signed('alice@example.com', KEYS, NOW, 'bounce.example');
    expect(rp).toMatch(/^prvs=1\d{3}[0-9a-f]{6}=alice=example\.com@bounce\.example$/);
    expect(verifyReturnPath(rp, KEYS, NOW)).toMatchObject({ ok: true, sender: 'alice@example.com' });
  });

  it('does not sign what must not be signed', () => {
    expect(signBatv('', KEYS, NOW)).toEqual({ address: null, why: 'null-sender' });
    expect(signBatv(signed('a@example.com'), KEYS, NOW)).toEqual({ address: null, why: 'already-signed' });
  });

  it('signs a local part up to 48 octets and leaves a longer one unsigned rather than pass 64', () => {
    const longest = `${'a'.repeat(MAX_LOCAL_PART - 16)}@example.com`;
    const rp = signed(longest);
    expect(rp.split('@')[0]).toHaveLength(MAX_LOCAL_PART);
    expect(verifyReturnPath(rp, KEYS, NOW)).toMatchObject({ ok: true, sender: longest });
    expect(signBatv(`${'a'.repeat(MAX_LOCAL_PART - 15)}@example.com`, KEYS, NOW)).toEqual({ address: null, why: 'too-long' });
    expect(signBatv(`${'a'.repeat(MAX_LOCAL_PART)}@example.com`, KEYS, NOW)).toEqual({ address: null, why: 'too-long' });
  });
});

describe('VERP signing', () => {
  it('encodes and signs the recipient', () => {
    const r = signVerp('Bob+x=y@dest.example', KEYS, NOW, BASE);
    expect(r.address).toMatch(/^bounces\+1\d{3}[0-9a-f]{6}-Bob\+x=y=dest\.example@bounce\.example$/);
    expect(verifyReturnPath(r.address!, KEYS, NOW, [BASE])).toMatchObject({ ok: true, kind: 'verp', recipient: 'Bob+x=y@dest.example' });
    expect(verifyReturnPath(r.address!.toUpperCase(), KEYS, NOW, [BASE])).toMatchObject({ ok: true, kind: 'verp' });
    expect(verifyReturnPath(r.address!.replace('-Bob', '-Eve'), KEYS, NOW, [BASE])).toEqual({ ok: false, why: 'bad-signature' });
    expect(verifyReturnPath('bounces@bounce.example', KEYS, NOW, [BASE])).toEqual({ ok: false, why: 'unsigned' });
    expect(verifyReturnPath('bounces+junk@bounce.example', KEYS, NOW, [BASE])).toEqual({ ok: false, why: 'malformed' });
  });

  it('is too long for a long recipient: returnPathFor falls back to BATV, then to no signature', () => {
    const config = parseReturnpathConfig({
      main: { enabled: true }, keys: { 1: 'first secret, long enough' },
      'example.com': { mode: 'verp', bounce_domain: 'bounce.example' },
    });
    expect(returnPathFor('alice@example.com', ['bob@dest.example'], config, NOW)).toMatchObject({ scheme: 'verp' });
    expect(returnPathFor('alice@example.com', ['bob@dest.example', 'carol@dest.example'], config, NOW)).toMatchObject({ scheme: 'batv' });
    expect(returnPathFor('alice@example.com', [`${'b'.repeat(50)}@dest.example`], config, NOW)).toMatchObject({ scheme: 'batv' });
    expect(returnPathFor(`${'a'.repeat(40)}@example.com`, [`${'b'.repeat(50)}@dest.example`], config, NOW)).toEqual({ returnPath: null, why: 'too-long' });
    expect(returnPathFor('alice@other.example', ['bob@dest.example'], config, NOW)).toEqual({ returnPath: null, why: 'not-configured' });
    expect(returnPathFor('', ['bob@dest.example'], config, NOW)).toEqual({ returnPath: null, why: 'null-sender' });
  });
});

describe('bounceguard-returnpath.ini', () => {
  it('is off by default and refuses signing without keys', () => {
    expect(parseReturnpathConfig({})).toMatchObject({ enabled: false, keys: null });
    expect(() => parseReturnpathConfig({ main: { enabled: true } })).toThrow(/\[main\] enabled=true: needs at least one key in \[keys\]/);
    expect(() => parseReturnpathConfig({ keys: { 1: 'x'.repeat(20), 2: 'y'.repeat(20) } })).toThrow(/\[main\] signing_key: must name one of the keys of \[keys\] \(1, 2\)/);
    expect(() => parseReturnpathConfig({ keys: { 1: 'short' } })).toThrow(/\[keys\] 1=short: at least 16/);
    expect(() => parseReturnpathConfig({ 'example.com': { mode: 'prvs' } })).toThrow(/\[example\.com\] mode=prvs: must be one of batv, verp, off/);
  });
});
