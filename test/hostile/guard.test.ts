import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/classify/types';
import { parseBounce } from '../../src/dsn';
import { MemoryStore } from '../../src/store/memory';
import { parseSuppressConfig } from '../../src/suppress/config';
import { SuppressionGuard, type GuardAlert, type MxResolver } from '../../src/suppress/guard';
import { SuppressionPolicy } from '../../src/suppress/policy';

const T0 = 1_700_000_000_000;
const hostUnknown: Outcome = {
  code: 550, enhanced: '5.1.2', reason: 'hostunknown', bounce: 'hard', suppress: true, throttle: false, provider: null, rule: 'test',
};
const userUnknown: Outcome = { ...hostUnknown, enhanced: '5.1.1', reason: 'userunknown' };

/** A resolver answering from a table, counting lookups: `null` is NXDOMAIN, 'hang' never answers. */
function fakeDns(table: Record<string, Array<{ exchange: string; priority: number }> | null | 'hang' | 'servfail'>) {
  const asked: string[] = [];
  const resolver: MxResolver = {
    resolveMx(domain) {
      asked.push(domain);
      const answer = table[domain];
      if (answer === 'hang') return new Promise(() => undefined);
      if (answer === undefined || answer === null) return Promise.reject(Object.assign(new Error('queryMx ENOTFOUND'), { code: 'ENOTFOUND' }));
      if (answer === 'servfail') return Promise.reject(Object.assign(new Error('queryMx ESERVFAIL'), { code: 'ESERVFAIL' }));
      return Promise.resolve(answer);
    },
  };
  return { resolver, asked };
}

async function all(store: MemoryStore) {
  const out = [];
  for await (const e of store.scan()) out.push(e);
  return out;
}

const GMAIL_MX = [{ exchange: 'gmail-smtp-in.l.google.com', priority: 5 }];

describe('a whole-domain suppression needs DNS to agree', () => {
  let t: number;
  let store: MemoryStore;
  const dns = fakeDns({ 'gmail.com': GMAIL_MX, 'null-mx.example': [{ exchange: '', priority: 0 }], 'slow.example': 'hang', 'broken.example': 'servfail' });
  const policy = (ini: Record<string, unknown> = {}) =>
    new SuppressionPolicy(store, parseSuppressConfig({ suppress: { domain_check_timeout_ms: 50, ...ini } }), () => t, { resolver: dns.resolver });

  beforeEach(() => {
    t = T0;
    store = new MemoryStore(() => t);
  });

  it('a forged "host unknown" for gmail.com (which has MX records) suppresses nothing', async () => {
    const r = await policy().record({ recipient: 'someone@gmail.com', outcome: hostUnknown, messageId: 'm1', source: 'dsn' });
    expect(r).toMatchObject({ action: 'ignored', why: expect.stringMatching(/not confirmed by DNS \(gmail\.com has MX records\)/) });
    expect(await all(store)).toEqual([]);
  });

  it.each([
    ['NXDOMAIN', 'gone.example', 'NXDOMAIN'],
    ['a null MX (RFC 7505)', 'null-mx.example', 'null MX'],
  ])('suppresses the domain on %s', async (_, domain) => {
    const r = await policy().record({ recipient: `a@${domain}`, outcome: hostUnknown, messageId: 'm1' });
    expect(r).toMatchObject({ action: 'suppressed', entry: { key: `@${domain}` } });
  });

  it.each([['no answer within the budget', 'slow.example', /no answer within 50 ms/], ['a failing resolver', 'broken.example', /ESERVFAIL/]])(
    'suppresses nothing on %s',
    async (_, domain, why) => {
      const r = await policy().record({ recipient: `a@${domain}`, outcome: hostUnknown, messageId: 'm1' });
      expect(r).toMatchObject({ action: 'ignored', why: expect.stringMatching(why) });
    },
  );

  it('asks DNS once per domain (cached), and keeps the cache bounded', async () => {
    const guard = new SuppressionGuard(parseSuppressConfig({}).guard, { resolver: dns.resolver });
    const before = dns.asked.length;
    await Promise.all([guard.domainGone('Gmail.com'), guard.domainGone('gmail.com'), guard.domainGone('gmail.com')]);
    expect(dns.asked.length - before).toBe(1);
    for (let i = 0; i < 20_000; i++) await guard.domainGone(`d${i}.example`);
    expect((guard as unknown as { domains: { size: number } }).domains.size).toBeLessThanOrEqual(10_000);
  });

  it('the real resolver path answers within its budget', async () => {
    const guard = new SuppressionGuard({ ...parseSuppressConfig({}).guard, domainCheckTimeoutMs: 300 });
    const start = Date.now();
    const check = await guard.domainGone('nonexistent-domain-for-bounceguard.invalid');
    expect(Date.now() - start).toBeLessThan(2000);
    expect(typeof check.gone).toBe('boolean');
    expect(check.why).toMatch(/NXDOMAIN|no answer within 300 ms|DNS lookup failed/);
  });
});

describe('a report naming too many recipients records nothing', () => {
  it('the forged mass report (199 delivery-status parts of 790 recipients) suppresses nothing', async () => {
    const parts = Array.from({ length: 199 }, (_, p) => {
      const recipients = Array.from({ length: 790 }, (_, i) => `Final-Recipient: rfc822; u${p}x${i}@victim.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n`).join('\r\n');
      return `--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.victim.example\r\n\r\n${recipients}\r\n`;
    });
    const raw = `From: MAILER-DAEMON@mx.victim.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n${parts.join('')}--b--\r\n`;
    const report = parseBounce(raw, { maxBytes: 20 * 1024 * 1024 });
    expect(report.recipients.length).toBeGreaterThan(100);
    const store = new MemoryStore();
    const policy = new SuppressionPolicy(store, parseSuppressConfig({}));
    expect(policy.guard.reportRefusal(report.recipients.length)).toMatch(/over max_report_recipients \(100\): nothing recorded/);
    expect(policy.guard.reportRefusal(100)).toBeNull();
  }, 60_000);
});

describe('a source suppressing faster than the ceiling is paused, with an alert', () => {
  it('pauses the source, alerts once, leaves the other sources alone and resumes after the pause', async () => {
    let t = T0;
    const store = new MemoryStore(() => t);
    const alerts: GuardAlert[] = [];
    const config = parseSuppressConfig({ suppress: { max_suppressions_per_minute: 5, suppression_pause_minutes: 10 } });
    const policy = new SuppressionPolicy(store, config, () => t, { onAlert: (a) => alerts.push(a) });
    const rec = (i: number, source: 'dsn' | 'smtp') => policy.record({ recipient: `u${i}@victim.example`, outcome: userUnknown, messageId: `m${i}`, source });
    const actions = [];
    for (let i = 0; i < 20; i++) actions.push((await rec(i, 'dsn')).action);
    expect(actions.filter((a) => a === 'suppressed')).toHaveLength(5);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ source: 'dsn', count: 6, message: expect.stringMatching(/ALERT: 6 automatic suppressions from source dsn/) });
    expect((await rec(100, 'smtp')).action).toBe('suppressed');
    t += 9 * 60_000;
    expect(await rec(101, 'dsn')).toMatchObject({ action: 'ignored', why: expect.stringMatching(/paused until/) });
    t += 2 * 60_000;
    expect((await rec(102, 'dsn')).action).toBe('suppressed');
    expect(alerts).toHaveLength(1);
  });
});

describe('the production wiring', () => {
  it('bounceguard.ini documents every guard key with its default', () => {
    const ini = fs.readFileSync(path.join(__dirname, '../../config/bounceguard.ini'), 'utf8');
    for (const key of ['max_report_recipients=100', 'max_suppressions_per_minute=1000', 'suppression_pause_minutes=15', 'domain_check_timeout_ms=2000']) {
      expect(ini).toContain(key);
    }
  });
});
