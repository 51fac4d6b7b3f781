import { beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify';
import { parseBounce } from '../../src/dsn';
import type { Outcome, Reason } from '../../src/classify/types';
import { MemoryStore } from '../../src/store/memory';
import { StoreUnavailableError } from '../../src/store/resilient';
import type { SuppressionStore } from '../../src/store/types';
import { parseSuppressConfig, type SuppressConfig } from '../../src/suppress/config';
import { SuppressionPolicy, type RecordInput } from '../../src/suppress/policy';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

function outcome(over: Partial<Outcome>): Outcome {
  return {
    code: 550, enhanced: '5.1.1', reason: 'userunknown', bounce: 'hard', suppress: true, throttle: false,
    provider: null, rule: 'test', evidence: 'text', inDoubt: false, ...over,
  };
}
const hard = (reason: Reason, over: Partial<Outcome> = {}) => outcome({ reason, ...over });
const soft = (reason: Reason, over: Partial<Outcome> = {}) =>
  outcome({ code: 452, enhanced: '4.2.2', reason, bounce: 'soft', suppress: false, ...over });
const delivered = outcome({ code: 250, enhanced: '2.0.0', reason: 'delivered', bounce: 'none', suppress: false });

describe('suppression policy', () => {
  let t: number;
  let store: MemoryStore;
  let policy: SuppressionPolicy;
  const make = (ini: Record<string, unknown> = {}, s: SuppressionStore = store) =>
    new SuppressionPolicy(s, parseSuppressConfig(ini), () => t);
  const record = (recipient: string, o: Outcome, over: Partial<RecordInput> = {}) =>
    policy.record({ recipient, outcome: o, messageId: `m${t}`, reply: '550 5.1.1 <x> no such user', ...over });

  beforeEach(() => {
    t = T0;
    store = new MemoryStore(() => t);
    policy = make();
  });

  it('suppresses a recipient at once on a permanent recipient-level outcome', async () => {
    const result = await record('<User@Example.com>', hard('userunknown', { provider: 'google' }));
    expect(result).toMatchObject({ action: 'suppressed', entry: { key: 'user@example.com', source: 'smtp', expiresAt: null } });
    const check = await policy.check('user@EXAMPLE.com');
    expect(check).toMatchObject({
      status: 'suppressed',
      entry: { reason: 'userunknown', bounce: 'hard', code: 550, enhanced: '5.1.1', provider: 'google', reply: '550 5.1.1 <x> no such user' },
    });
  });

  it('keeps the source it is told (dsn, arf)', async () => {
    await record('a@example.com', hard('userunknown'), { source: 'dsn' });
    expect(await store.get('a@example.com')).toMatchObject({ source: 'dsn' });
  });

  it.each<Reason>([
    'blocked', 'spamdetected', 'virusdetected', 'securityerror', 'authfailure', 'requireptr',
    'badreputation', 'notcompliantrfc', 'speeding', 'toomanyconn', 'contenterror', 'rejected',
    'mesgtoobig', 'exceedlimit', 'filtered',
  ])('never suppresses on the sender-side reason %s, even when flagged', async (reason) => {
    const result = await record('a@example.com', hard(reason, { suppress: true }));
    expect(result.action).toBe('ignored');
    for (let i = 0; i < 5; i += 1) await record('a@example.com', soft(reason), { messageId: `m${i}`, stage: 'rcpt' });
    expect((await policy.check('a@example.com')).status).toBe('clear');
  });

  it.each<Reason>(['norelaying', 'policyviolation'])('follows the classifier for %s: suppressed only when flagged', async (reason) => {
    expect((await record('a@example.com', hard(reason, { suppress: false }))).action).toBe('ignored');
    expect((await record('b@example.com', hard(reason, { suppress: true }))).action).toBe('suppressed');
  });

  it('does not suppress a hard bounce the classifier did not flag', async () => {
    expect((await record('a@example.com', hard('systemerror', { suppress: false }))).action).toBe('ignored');
    expect((await policy.check('a@example.com')).status).toBe('clear');
  });

  it('escalates 3 soft bounces of distinct messages within 7 days, with a 30-day expiry', async () => {
    expect(await record('a@example.com', soft('mailboxfull'), { messageId: 'm1' })).toEqual({ action: 'counted', softBounces: 1 });
    t += DAY;
    // A retry of the same message is not new evidence.
    expect(await record('a@example.com', soft('mailboxfull'), { messageId: 'm1' })).toEqual({ action: 'counted', softBounces: 1 });
    expect(await record('a@example.com', soft('mailboxfull'), { messageId: 'm2' })).toEqual({ action: 'counted', softBounces: 2 });
    t += 5 * DAY;
    const third = await record('a@example.com', soft('mailboxfull'), { messageId: 'm3' });
    expect(third).toMatchObject({ action: 'escalated', softBounces: 3, entry: { source: 'escalation', reason: 'mailboxfull', bounce: 'soft', expiresAt: t + 30 * DAY } });
    expect((await policy.check('a@example.com')).status).toBe('suppressed');
    t += 30 * DAY;
    expect((await policy.check('a@example.com')).status).toBe('clear');
  });

  it('forgets soft bounces older than the window', async () => {
    await record('a@example.com', soft('mailboxfull'), { messageId: 'm1' });
    await record('a@example.com', soft('mailboxfull'), { messageId: 'm2' });
    t += 7 * DAY + 1;
    expect(await record('a@example.com', soft('mailboxfull'), { messageId: 'm3' })).toEqual({ action: 'counted', softBounces: 1 });
  });

  it('resets the count on a successful delivery', async () => {
    await record('a@example.com', soft('mailboxfull'), { messageId: 'm1' });
    await record('a@example.com', soft('mailboxfull'), { messageId: 'm2' });
    expect(await record('a@example.com', delivered, { messageId: 'm3' })).toEqual({ action: 'reset' });
    expect(await record('a@example.com', soft('mailboxfull'), { messageId: 'm4' })).toEqual({ action: 'counted', softBounces: 1 });
  });

  it('honours the configured count, window and expiry', async () => {
    policy = make({ suppress: { escalate_after: 2, escalate_window_days: 1, escalation_expiry_days: 0 } });
    await record('a@example.com', soft('suspend'), { messageId: 'm1' });
    t += DAY + 1;
    expect(await record('a@example.com', soft('suspend'), { messageId: 'm2' })).toMatchObject({ action: 'counted', softBounces: 1 });
    expect(await record('a@example.com', soft('suspend'), { messageId: 'm3' })).toMatchObject({ action: 'escalated', entry: { expiresAt: null } });
  });

  it('never counts throttling or server-wide soft failures', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await record('a@example.com', soft('mailboxfull', { throttle: true }), { messageId: `t${i}` })).action).toBe('ignored');
      expect((await record('a@example.com', soft('systemfull'), { messageId: `s${i}` })).action).toBe('ignored');
      expect((await record('a@example.com', soft('networkerror'), { messageId: `n${i}` })).action).toBe('ignored');
    }
    expect((await policy.check('a@example.com')).status).toBe('clear');
  });

  it('escalates a "user unknown" given only after DATA that names the recipient, and no other filtered outcome', async () => {
    const reply = '550 <a@example.com>: Unknown user';
    const afterData = classify({ reply, stage: 'dot' });
    expect(afterData).toMatchObject({ reason: 'filtered', bounce: 'soft', suppress: false, rule: 'text.user-unknown-at-data' });
    const contentFilter = classify({ reply: '550 Message filtered by the recipient preferences', stage: 'dot' });
    expect(contentFilter.reason).toBe('filtered');
    for (const id of ['m1', 'm2']) {
      expect((await record('a@example.com', afterData, { messageId: id, stage: 'dot', reply })).action).toBe('counted');
      expect((await record('b@example.com', contentFilter, { messageId: id, stage: 'dot' })).action).toBe('ignored');
    }
    const third = await record('a@example.com', afterData, { messageId: 'm3', stage: 'dot', reply });
    expect(third).toMatchObject({ action: 'escalated', entry: { reason: 'filtered', source: 'escalation', expiresAt: t + 30 * DAY } });
    expect((await record('b@example.com', contentFilter, { messageId: 'm3', stage: 'dot' })).action).toBe('ignored');
    expect((await policy.check('b@example.com')).status).toBe('clear');
  });

  it('escalates the same doubt from DSNs (Status 5.0.0, refused after DATA)', async () => {
    const dsn = (n: number) => parseBounce([
      'From: MAILER-DAEMON@mx.example.org', 'To: sender@example.com', 'Subject: Undelivered Mail', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '', '--b', 'Content-Type: text/plain', '',
      `message ${n} failed`, '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.org', '',
      'Final-Recipient: rfc822; gone@example.net', 'Action: failed', 'Status: 5.0.0',
      'Diagnostic-Code: smtp; 550 <gone@example.net>: Unknown user (in reply to end of DATA command)', '', '--b--', '',
    ].join('\r\n')).recipients[0];
    for (let n = 1; n <= 3; n += 1) {
      const r = dsn(n);
      expect(r).toMatchObject({ reason: 'filtered', bounce: 'soft', stage: 'dot' });
      const result = await record(r.recipient, r, { messageId: `dsn${n}`, source: 'dsn', reply: r.diagnostic });
      expect(result.action).toBe(n < 3 ? 'counted' : 'escalated');
    }
    expect((await policy.check('gone@example.net')).status).toBe('suppressed');
  });

  it('never escalates a "user unknown" after DATA that does not name the recipient: it reached every recipient', async () => {
    const reply = '550 Unknown user';
    const afterData = classify({ reply, stage: 'dot' });
    expect(afterData.rule).toBe('text.user-unknown-at-data');
    for (const id of ['m1', 'm2', 'm3', 'm4']) {
      for (const rcpt of ['a@example.com', 'b@example.com']) {
        expect((await record(rcpt, afterData, { messageId: id, stage: 'dot', reply })).action).toBe('ignored');
      }
    }
    expect((await policy.check('a@example.com')).status).toBe('clear');
  });

  it('never escalates a sender check that failed after DATA, for any recipient of the message', async () => {
    const reply = '550 Sender verify failed: <news@sender.example>: unknown user';
    const outcome = classify({ reply, stage: 'dot' });
    expect(outcome).toMatchObject({ reason: 'rejected', suppress: false });
    for (const id of ['m1', 'm2', 'm3', 'm4']) expect((await record('a@example.com', outcome, { messageId: id, stage: 'dot', reply })).action).toBe('ignored');
    expect((await policy.check('a@example.com')).status).toBe('clear');
  });

  it('counts a soft reply read from its basic code alone only when it answered RCPT', async () => {
    for (const reason of ['undefined', 'mailboxfull'] as const) {
      const bare = soft(reason, { code: 452, enhanced: null, evidence: 'code-only' });
      expect((await record(`${reason}@example.com`, bare, { stage: 'data' })).action).toBe('ignored');
      expect(await record(`${reason}@example.com`, bare, { stage: 'rcpt' })).toEqual({ action: 'counted', softBounces: 1 });
    }
    expect(await record('said@example.com', soft('mailboxfull'), { stage: 'data' })).toEqual({ action: 'counted', softBounces: 1 });
  });

  it('never suppresses on a recipient text under a sender-side status, and counts it when it names the recipient', async () => {
    const conflict = classify({ reply: '550 5.7.26 <a@example.com>: user unknown', stage: 'rcpt' });
    expect(conflict).toMatchObject({ reason: 'userunknown', suppress: false, bounce: 'soft', evidence: 'text', inDoubt: true });
    const reply = '550 5.7.26 <a@example.com>: user unknown';
    expect(await record('a@example.com', conflict, { reply })).toEqual({ action: 'counted', softBounces: 1 });
    expect((await record('b@example.com', conflict, { reply })).action).toBe('ignored');
  });

  it('suppresses the whole domain, with expiry, when it does not exist', async () => {
    const result = await record('a@Gone.example', hard('hostunknown', { code: 550, enhanced: '5.1.2' }));
    expect(result).toMatchObject({ action: 'suppressed', entry: { key: '@gone.example', expiresAt: T0 + 30 * DAY } });
    expect(await store.get('a@gone.example')).toBeNull();
    expect(await policy.check('someone.else@gone.example')).toMatchObject({ status: 'suppressed', entry: { key: '@gone.example' } });
    t += 30 * DAY;
    expect((await policy.check('someone.else@gone.example')).status).toBe('clear');
  });

  it('never overwrites an operator entry with weaker evidence', async () => {
    const manual = {
      key: 'a@example.com', reason: 'onhold' as const, bounce: 'hard' as const, source: 'manual' as const, code: null,
      enhanced: null, reply: null, provider: null, firstSeen: T0, lastSeen: T0, count: 1, expiresAt: null,
    };
    await store.put(manual);
    await record('a@example.com', hard('userunknown'));
    for (let i = 0; i < 3; i += 1) await record('a@example.com', soft('mailboxfull'), { messageId: `m${i}` });
    expect(await store.get('a@example.com')).toMatchObject({ source: 'manual', reason: 'onhold', expiresAt: null });
    await store.put({ ...manual, key: 'b@example.com', source: 'import', expiresAt: T0 + DAY });
    await record('b@example.com', hard('userunknown'));
    expect(await store.get('b@example.com')).toMatchObject({ source: 'import', expiresAt: T0 + DAY });
  });

  it('never suppresses an allowlisted address or domain, and reports it on check', async () => {
    policy = make({ allowlist: { addresses: 'VIP@Example.com', domains: 'partner.example, @friends.example' } });
    expect(await record('vip@example.com', hard('userunknown'))).toEqual({ action: 'allowlisted' });
    expect(await record('x@partner.example', hard('hostunknown'))).toEqual({ action: 'allowlisted' });
    // An entry made before the domain was allowlisted no longer counts.
    await make().record({ recipient: 'z@friends.example', outcome: hard('userunknown'), messageId: 'm0' });
    expect(await store.get('z@friends.example')).not.toBeNull();
    expect(await policy.check('z@friends.example')).toEqual({ status: 'allowlisted' });
    expect(await store.get('@partner.example')).toBeNull();
  });

  it('compares local parts case-sensitively when configured', async () => {
    policy = make({ suppress: { case_sensitive_local_part: 'true' } });
    await record('User@example.com', hard('userunknown'));
    expect((await policy.check('User@EXAMPLE.com')).status).toBe('suppressed');
    expect((await policy.check('user@example.com')).status).toBe('clear');
  });

  it('answers invalid for an address it cannot parse, and ignores such outcomes', async () => {
    expect(await policy.check('not an address')).toMatchObject({ status: 'invalid' });
    expect((await record('@@', hard('userunknown'))).action).toBe('ignored');
  });

  it('answers unknown when the store is unavailable, with the configured fail-open choice', async () => {
    const down = new MemoryStore(() => t);
    const fail = () => Promise.reject(new StoreUnavailableError('store is down, write spooled', true));
    Object.assign(down, { getMany: fail, put: fail, recordSoftBounce: fail });
    policy = make({}, down);
    expect(await policy.check('a@example.com')).toMatchObject({ status: 'unknown', allow: true });
    expect(await record('a@example.com', hard('userunknown'))).toMatchObject({ action: 'unknown', spooled: true });
    policy = make({ suppress: { fail_open: false } }, down);
    expect(await policy.check('a@example.com')).toMatchObject({ status: 'unknown', allow: false });
  });

  it('keeps one line of the reply, cut to the configured length', async () => {
    policy = make({ suppress: { reply_max_length: 20 } });
    await record('a@example.com', hard('userunknown'), { reply: '550-5.1.1 first line\r\n550 5.1.1 second line' });
    expect((await store.get('a@example.com'))?.reply).toBe('550-5.1.1 first line');
  });
});

describe('suppress config', () => {
  it('has the documented defaults', () => {
    const c: SuppressConfig = parseSuppressConfig({});
    expect(c).toMatchObject({ escalateAfter: 3, escalateWindowMs: 7 * DAY, escalationExpiryMs: 30 * DAY, domainExpiryMs: 30 * DAY, failOpen: true, caseSensitiveLocalPart: false });
    expect([...c.escalateReasons].sort()).toEqual(['hostunknown', 'mailboxfull', 'suspend', 'undefined', 'userunknown']);
  });

  it('names file, section and key of a bad value', () => {
    expect(() => parseSuppressConfig({ suppress: { escalate_after: 'three' } })).toThrow(/^config\/bounceguard\.ini \[suppress\] escalate_after=three: must be a number$/);
    expect(() => parseSuppressConfig({ suppress: { escalate_reasons: 'mailboxfull,nosuch' } })).toThrow(/\[suppress\] escalate_reasons=mailboxfull,nosuch: must be one of userunknown, /);
    expect(() => parseSuppressConfig({ suppress: { escalate_aftr: 2 } })).toThrow(/\[suppress\] escalate_aftr=2: unknown key \(did you mean escalate_after\?\)/);
  });

  it('names every problem of [suppress] and [allowlist] at once', () => {
    const both = () => parseSuppressConfig({ suppress: { escalate_after: 0 }, allowlist: { adresses: 'a@b.c' } });
    expect(both).toThrow(/escalate_after=0: must be at least 1\n.*\[allowlist\] adresses=a@b\.c: unknown key \(did you mean addresses\?\)/);
  });

  it('rejects an allowlist entry that is not an address or domain', () => {
    const config = parseSuppressConfig({ allowlist: { addresses: 'not@an@address' } });
    expect(() => new SuppressionPolicy(new MemoryStore(), config)).toThrow(/not an address/);
  });
});
