import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type AlertRule } from '../../src/alerts/config';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import { recordInWindows, windowTotals } from '../../src/alerts/windows';
import { classify, loadRuleSet } from '../../src/classify';
import { parseBounce } from '../../src/dsn';
import { inboundEvents } from '../../src/events/inbound';
import type { OutcomeData } from '../../src/events/types';
import { checkReport, recordReport, type Checked } from '../../src/inbound';
import { SentRecords } from '../../src/returnpath';
import { MemoryStore } from '../../src/store/memory';
import { parseSuppressConfig, SuppressionPolicy } from '../../src/suppress';
import { arf, dsn } from '../helpers/reports';

const rules = loadRuleSet(() => ({}));
const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const HOUR = 60 * 60_000;
const SENDER = 'news@shop.example';
const complaintRule: AlertRule = { name: 'complaint', ...DEFAULT_RULES.complaint, dimensions: ['sender'] };

/** What the outbound side counted: `n` delivered messages of the sender. */
function delivered(n: number): OutcomeData[] {
  const outcome = classify({ reply: '250 2.0.0 OK' }, rules);
  return Array.from({ length: n }, (_, i) => ({
    kind: 'delivered' as const, queueId: `q${i}`, sender: SENDER, recipient: `r${i}@gmail.com`, reply: '250 2.0.0 OK', outcome,
    senderDomain: 'shop.example', destination: 'google', localIp: '192.0.2.1', campaign: 'spring',
  }));
}

describe('events of an inbound report', () => {
  let t: number;
  let store: MemoryStore;
  let policy: SuppressionPolicy;
  beforeEach(() => {
    t = T0;
    store = new MemoryStore(() => t);
    policy = new SuppressionPolicy(store, parseSuppressConfig({}), () => t);
  });

  /** Records that `messageId` was sent to `to`, reads `raw` as it reaches bounceguard-inbound, and makes its events. */
  async function receive(raw: string, messageId: string, to: string) {
    const records = new SentRecords(store);
    await records.remember({ messageId, sender: SENDER, returnPath: SENDER, recipients: [to], at: t, campaign: 'spring' });
    const report = parseBounce(Buffer.from(raw), { rules });
    const checked = await checkReport(report, { signed: [], listed: true }, records);
    const believed = checked.filter((c): c is Extract<Checked, { ours: true }> => c.ours);
    const { results } = await recordReport(policy, report, believed);
    return inboundEvents(report, 'inbound-1', believed, results, t);
  }

  it('makes an ARF report a complaint outcome of the original sender, and a suppression', async () => {
    const { events, observations } = await receive(arf({ to: 'fbl@shop.example', complainant: 'angry@gmail.com', messageId: '<m1@shop.example>' }), '<m1@shop.example>', 'angry@gmail.com');
    expect(events.map((e) => e.type)).toEqual(['outcome', 'suppression']);
    expect(events[0].data).toMatchObject({ kind: 'complaint', report: 'arf', sender: SENDER, senderDomain: 'shop.example', recipient: 'angry@gmail.com', campaign: 'spring', queueId: 'inbound-1' });
    expect(events[1].data).toMatchObject({ action: 'suppressed', recipient: 'angry@gmail.com' });
    expect(observations).toHaveLength(1);
  });

  it('counts a DSN as a hard bounce without counting the message a second time', async () => {
    const raw = dsn({ to: 'bounce@shop.example', failed: 'gone@example.net', messageId: '<m2@shop.example>', from: SENDER });
    const { events, observations } = await receive(raw, '<m2@shop.example>', 'gone@example.net');
    expect(events[0].data).toMatchObject({ kind: 'bounce', report: 'dsn', senderDomain: 'shop.example', destination: 'example.net' });
    await recordInWindows(store, [...delivered(1).map((d) => ({ ...d, recipient: 'gone@example.net' })), ...observations], t);
    const totals = await windowTotals(store, '24h', { dimension: 'sender', value: 'shop.example' }, t);
    expect(totals).toMatchObject({ final: 1, attempts: 1, hard: 1 });
  });

  it('raises the complaint rule once complaints reach 0.3% of the delivered mail of the sender over the minimum volume', async () => {
    await recordInWindows(store, delivered(1000), t);
    for (let i = 0; i < 2; i++) {
      t += HOUR;
      const id = `<c${i}@shop.example>`;
      const { observations } = await receive(arf({ to: 'fbl@shop.example', complainant: `angry${i}@gmail.com`, messageId: id }), id, `angry${i}@gmail.com`);
      await recordInWindows(store, observations, t);
      // Under 0.3% of 1000: nothing until the third complaint.
      expect(await evaluateAlerts(store, [complaintRule], t)).toEqual([]);
    }
    t += HOUR;
    const { observations } = await receive(arf({ to: 'fbl@shop.example', complainant: 'angry2@gmail.com', messageId: '<c2@shop.example>' }), '<c2@shop.example>', 'angry2@gmail.com');
    await recordInWindows(store, observations, t);
    const totals = await windowTotals(store, '24h', { dimension: 'sender', value: 'shop.example' }, t);
    expect(totals).toMatchObject({ final: 1000, complaint: 3 });
    const raised = await evaluateAlerts(store, [complaintRule], t);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ state: 'raised', rule: 'complaint', subject: 'shop.example', evidence: { count: 3, volume: 1000, value: 0.003 } });
  });

  it('raises nothing while the sender has sent less than the minimum volume', async () => {
    await recordInWindows(store, delivered(100), t);
    const { observations } = await receive(arf({ to: 'fbl@shop.example', complainant: 'angry@gmail.com', messageId: '<m9@shop.example>' }), '<m9@shop.example>', 'angry@gmail.com');
    await recordInWindows(store, observations, t);
    expect(await evaluateAlerts(store, [complaintRule], t)).toEqual([]);
  });
});
