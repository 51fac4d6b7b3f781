import { describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify';
import type { OutboundEvent } from '../../src/outbound/report';
import { observedOnce } from '../../plugins/lib/observe';

const rules = buildRuleSet([]);
const deferred = (): OutboundEvent => ({
  kind: 'deferred', queueId: 'A1B2.1.2', sender: 's@haraka.test', domain: 'example.com', mx: 'mx.example.com',
  listed: [{ address: 'a@example.com', dsnSmtpCode: 452, dsnSmtpExtc: '4.2.2', dsnSmtpResponse: 'Mailbox full' }], todo: [],
});

describe('observations shared between the plugins of one hook call', () => {
  it('classifies a hook call once, in memory notes, and each new attempt again', () => {
    const hmail = { notes: {} } as unknown as Haraka.HMailItem;
    let built = 0;
    const eventOf = () => { built++; return deferred(); };
    const params = { delay: 60 };
    const first = observedOnce(hmail, params, eventOf, rules);
    expect(observedOnce(hmail, params, eventOf, rules)).toBe(first);
    expect(built).toBe(1);
    expect(first).toMatchObject({ messageId: 'A1B2.1', observations: [{ recipient: 'a@example.com', stage: 'rcpt', outcome: { reason: 'mailboxfull' } }] });
    expect(JSON.stringify((hmail as unknown as { todo?: unknown }).todo ?? null)).toBe('null');

    const retry = observedOnce(hmail, { delay: 120 }, eventOf, rules);
    expect(retry).not.toBe(first);
    expect(built).toBe(2);
  });
});
