import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory';
import type { SuppressionEntry } from '../../src/store/types';
import { encodeEntry, LineDecoder, parseCsvLine, parseExpiry } from '../../src/suppress/io';
import { collectStats, ranked } from '../../src/suppress/stats';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const entry = (key: string, over: Partial<SuppressionEntry> = {}): SuppressionEntry => ({
  key, reason: 'userunknown', bounce: 'hard', source: 'smtp', code: 550, enhanced: '5.1.1',
  reply: '550 5.1.1 "nope", really', provider: 'google', firstSeen: T0, lastSeen: T0 + 1, count: 2, expiresAt: null, ...over,
});

describe('CSV and JSON Lines', () => {
  it('parses quoted fields with commas and doubled quotes', () => {
    expect(parseCsvLine('a,"b,c","say ""hi""",,')).toEqual(['a', 'b,c', 'say "hi"', '', '']);
    expect(() => parseCsvLine('"open')).toThrow(/unterminated/);
  });

  it.each(['csv', 'jsonl'] as const)('round-trips an entry through %s', (format) => {
    const original = entry('a@example.com', { expiresAt: T0 + DAY });
    const decoder = new LineDecoder(format, { now: 0 });
    expect(decoder.decode(encodeEntry(original, format))).toEqual({ entry: original });
  });

  it('fills import defaults and validates every field', () => {
    const decoder = new LineDecoder('jsonl', { now: T0 });
    expect(decoder.decode('{"address":"A@Example.com"}')).toEqual({
      entry: { key: 'a@example.com', reason: 'undefined', bounce: 'hard', source: 'import', code: null, enhanced: null,
        reply: null, provider: null, firstSeen: T0, lastSeen: T0, count: 1, expiresAt: null },
    });
    expect(decoder.decode('{"address":"a@example.com","code":99}')).toMatchObject({ error: expect.stringMatching(/^code: /) });
    expect(decoder.decode('{"address":"a@example.com","enhanced":"5.1"}')).toMatchObject({ error: expect.stringMatching(/enhanced: not an x.y.z/) });
    expect(decoder.decode('{"address":"a@example.com","expires_at":"tomorrow"}')).toMatchObject({ error: expect.stringMatching(/^expires_at/) });
    expect(decoder.decode('{"reason":"userunknown"}')).toMatchObject({ error: expect.stringMatching(/^address/) });
    expect(decoder.decode('{"address":"a@example.com","first_seen":1700000000000000000}')).toMatchObject({ error: expect.stringMatching(/^first_seen: not a date or time/) });
    expect(decoder.decode('   ')).toBeNull();
  });

  it('reads a CSV header in any column order, and headerless lines in export order', () => {
    const withHeader = new LineDecoder('csv', { now: T0 });
    expect(withHeader.decode('reason,address')).toBeNull();
    expect(withHeader.decode('suspend,z@example.com')).toMatchObject({ entry: { key: 'z@example.com', reason: 'suspend' } });
    const ordered = new LineDecoder('csv', { now: T0 });
    expect(ordered.decode('Address,Reason')).toBeNull();
    expect(ordered.decode('x@example.com,mailboxfull')).toMatchObject({ entry: { key: 'x@example.com', reason: 'mailboxfull' } });
    const bare = new LineDecoder('csv', { now: T0 });
    expect(bare.decode('y@example.com,suspend')).toMatchObject({ entry: { key: 'y@example.com', reason: 'suspend' } });
    expect(bare.decode('a,b,c,d,e,f,g,h,i,j,k,l,m')).toMatchObject({ error: expect.stringMatching(/13 fields/) });
  });

  it('reads expiries as durations, ISO dates or never, and refuses one already past', () => {
    expect(parseExpiry('30d', T0)).toBe(T0 + 30 * DAY);
    expect(parseExpiry('12h', T0)).toBe(T0 + 12 * 3_600_000);
    expect(parseExpiry('2w', T0)).toBe(T0 + 14 * DAY);
    expect(parseExpiry('2026-02-01', T0)).toBe(Date.parse('2026-02-01T00:00:00Z'));
    expect(parseExpiry('never', T0)).toBeNull();
    expect(() => parseExpiry('soon', T0)).toThrow(/not a date or time/);
    expect(() => parseExpiry('2025-12-31', T0)).toThrow(/already past/);
  });

  it('takes in a file what the commands take: a bare date as expires_at, as add --expires does', () => {
    const decoder = new LineDecoder('csv', { now: T0 });
    expect(decoder.decode('address,expires_at')).toBeNull();
    expect(decoder.decode('a@example.com,2030-01-01')).toMatchObject({ entry: { expiresAt: Date.parse('2030-01-01T00:00:00Z') } });
    expect(decoder.decode('b@example.com,2020-01-01')).toMatchObject({ error: expect.stringMatching(/^expires_at: .*already past/) });
  });

  // Header lines as each system exports its suppression list (column names from their API references).
  it.each([
    ['SendGrid bounces', 'email,created,reason,status', 'sg@example.com,1767225600,"550 5.1.1 The email account that you tried to reach does not exist",5.1.1',
      { key: 'sg@example.com', reason: 'userunknown', bounce: 'hard', enhanced: '5.1.1', firstSeen: 1767225600_000, reply: '550 5.1.1 The email account that you tried to reach does not exist' }],
    ['Mailgun bounces', 'address,code,error,created_at', 'mg@example.com,550,No such mailbox,"Thu, 01 Jan 2026 00:00:00 UTC"',
      { key: 'mg@example.com', code: 550, reason: 'userunknown', reply: 'No such mailbox', firstSeen: Date.parse('2026-01-01T00:00:00Z') }],
    ['Amazon SES', 'EmailAddress,Reason,LastUpdateTime', 'ses@example.com,COMPLAINT,2026-01-02T03:04:05Z',
      { key: 'ses@example.com', reason: 'feedback', bounce: 'none', lastSeen: Date.parse('2026-01-02T03:04:05Z') }],
    ['Postmark', 'EmailAddress,SuppressionReason,Origin,CreatedAt', 'pm@example.com,HardBounce,Recipient,2026-01-03T00:00:00-05:00',
      { key: 'pm@example.com', reason: 'undefined', bounce: 'hard', firstSeen: Date.parse('2026-01-03T05:00:00Z') }],
  ])('reads a %s export by its header', (_name, header, line, expected) => {
    const decoder = new LineDecoder('csv', { now: T0 });
    expect(decoder.decode(header)).toBeNull();
    expect(decoder.decode(line)).toMatchObject({ entry: { source: 'import', ...expected } });
  });

  it('reads JSON Lines keyed the way those exports name their fields', () => {
    const decoder = new LineDecoder('jsonl', { now: T0 });
    expect(decoder.decode('{"EmailAddress":"A@Example.com","SuppressionReason":"SpamComplaint"}')).toMatchObject({ entry: { key: 'a@example.com', reason: 'feedback' } });
  });
});

describe('stats', () => {
  it('tallies entries by reason, bounce, source, domain and coming expiry', async () => {
    const store = new MemoryStore(() => T0);
    await store.importMany([
      entry('a@one.example'),
      entry('b@one.example', { reason: 'mailboxfull', bounce: 'soft', source: 'escalation', expiresAt: T0 + 2 * DAY }),
      entry('@two.example', { reason: 'hostunknown', expiresAt: T0 + 20 * DAY }),
      entry('c@two.example', { source: 'manual' }),
    ]);
    const stats = await collectStats(store.scan(), T0, 7 * DAY);
    expect(stats.total).toBe(4);
    expect(stats.permanent).toBe(2);
    expect(ranked(stats.byReason)).toEqual([['userunknown', 2], ['hostunknown', 1], ['mailboxfull', 1]]);
    expect(ranked(stats.byDomain, 1)).toEqual([['one.example', 2]]);
    expect(Object.fromEntries(stats.bySource)).toEqual({ smtp: 2, escalation: 1, manual: 1 });
    expect([...stats.expiringSoon]).toEqual([['2026-01-03', 1]]);
    expect(Object.fromEntries(stats.byBounce)).toEqual({ hard: 3, soft: 1 });
  });
});
