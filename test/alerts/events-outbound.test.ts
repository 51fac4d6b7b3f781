import { describe, expect, it } from 'vitest';
import { classify, loadRuleSet } from '../../src/classify';
import { outboundEvents } from '../../src/events/outbound';
import type { Recorded } from '../../src/observe';
import type { OutboundEvent } from '../../src/outbound/report';

const rules = loadRuleSet(() => ({}));
const T = Date.UTC(2026, 10, 27, 6);

function record(recipient: string, reply: string, result: Recorded['result']): Recorded {
  return { recipient, reply, outcome: classify({ reply, stage: 'rcpt', mx: 'gmail-smtp-in.l.google.com' }, rules), result };
}

const entry = {
  key: 'gone@gmail.com', reason: 'userunknown' as const, bounce: 'hard' as const, source: 'smtp' as const, code: 550, enhanced: '5.1.1',
  reply: '550 5.1.1 gone', provider: 'google', firstSeen: T, lastSeen: T, count: 1, expiresAt: null,
};

describe('events of an outbound result', () => {
  const event: OutboundEvent = { kind: 'bounce', queueId: 'ABC.1', sender: 'news@Shop.example', domain: 'gmail.com', listed: [], todo: [] };

  it('makes one outcome event per recipient and a suppression event where the policy suppressed', () => {
    const records = [
      record('gone@gmail.com', '550 5.1.1 The email account that you tried to reach does not exist.', { action: 'suppressed', entry }),
      record('busy@gmail.com', '421 4.7.28 temporarily rate limited', { action: 'ignored', why: 'not a recipient failure' }),
    ];
    const { events, observations } = outboundEvents(event, records, { localIp: '192.0.2.7', campaign: 'spring' }, T);
    expect(events.map((e) => e.type)).toEqual(['outcome', 'suppression', 'outcome']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events.every((e) => e.time === new Date(T).toISOString())).toBe(true);
    expect(events[0].data).toMatchObject({ kind: 'bounce', recipient: 'gone@gmail.com', senderDomain: 'shop.example', destination: 'google', localIp: '192.0.2.7', campaign: 'spring' });
    expect(events[1].data).toMatchObject({ action: 'suppressed', recipient: 'gone@gmail.com', entry: { key: 'gone@gmail.com' } });
    expect(observations).toHaveLength(2);
  });

  it("sends Haraka's own DSNs as events but leaves them out of the windows", () => {
    const dsn = { ...event, sender: '' };
    const { events, observations } = outboundEvents(dsn, [record('news@shop.example', '250 ok', { action: 'not-recorded', why: 'our own DSN' })], {}, T);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ localIp: 'default', campaign: null });
    expect(observations).toEqual([]);
  });
});
