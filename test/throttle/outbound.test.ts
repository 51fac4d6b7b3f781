import { describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify';
import type { OutboundEvent, RcptReport } from '../../src/outbound/report';
import { observeOutbound } from '../../src/outbound/observe';
import { paceFeed, RecentMx } from '../../src/throttle/outbound';

const rules = buildRuleSet();
const RATE: Partial<RcptReport> = { dsnSmtpCode: '421', dsnSmtpResponse: '4.7.28 unusual rate of mail - gsmtp' };
const FULL: Partial<RcptReport> = { dsnSmtpCode: '452', dsnSmtpExtc: '4.2.2', dsnSmtpResponse: 'Mailbox full' };
const TRIED: Partial<RcptReport> = { dsnCode: 550, dsnMsg: 'Tried all MXs g.example', dsnStatus: '5.1.2' };

const rcpt = (address: string, fields: Partial<RcptReport> = {}): RcptReport => ({ address, ...fields });
const event = (kind: OutboundEvent['kind'], listed: RcptReport[], todo: RcptReport[] = listed, extra: Partial<OutboundEvent> = {}): OutboundEvent =>
  ({ kind, queueId: 'Q.1', sender: 's@haraka.test', domain: 'g.example', mx: 'mx.g.example', listed, todo, ...extra });

describe('paceFeed', () => {
  it('a deferral where every answered recipient was throttled is a throttle deferral', () => {
    const fed = paceFeed(observeOutbound(event('deferred', [rcpt('a@g.example', RATE), rcpt('b@g.example', RATE)]), rules));
    expect(fed).toMatchObject({ domain: 'g.example', mx: 'mx.g.example', throttleDeferral: true });
    expect(fed.outcomes.map((o) => o.throttle)).toEqual([true, true]);
  });

  it('a deferral with any other failure among the answers keeps Haraka\'s schedule', () => {
    const fed = paceFeed(observeOutbound(event('deferred', [rcpt('a@g.example', RATE), rcpt('b@g.example', FULL)]), rules));
    expect(fed.throttleDeferral).toBe(false);
    expect(fed.outcomes).toHaveLength(2);
  });

  it('a 421 that cut the RCPTs short: only the throttled recipient is fed, not Haraka\'s "Tried all MXs"', () => {
    const todo = [rcpt('ok@g.example', TRIED), rcpt('rate@g.example', { ...TRIED, ...RATE })];
    const fed = paceFeed(observeOutbound(event('deferred', [], todo, { error: 'Tried all MXs' }), rules));
    expect(fed.outcomes).toHaveLength(1);
    expect(fed.outcomes[0]).toMatchObject({ throttle: true, code: 421 });
    expect(fed.throttleDeferral).toBe(true);
  });

  it('failures Haraka made itself are not replies of the destination', () => {
    const fed = paceFeed(observeOutbound(event('deferred', [], [rcpt('a@g.example', { dsnCode: 450, dsnMsg: 'connect ECONNREFUSED' })], { error: 'Tried all MXs' }), rules));
    expect(fed).toMatchObject({ outcomes: [], throttleDeferral: false });
  });

  it('a 421 greeting reaches the controller', () => {
    const fed = paceFeed(observeOutbound(event('deferred', [], [rcpt('a@g.example')], { error: 'Upstream error: 421 4.7.0 Try again later, closing connection (rate limited)' }), rules));
    expect(fed.outcomes).toEqual([expect.objectContaining({ code: 421, throttle: true })]);
  });

  it('deliveries are fed as accepted replies, never as a throttle deferral', () => {
    const fed = paceFeed(observeOutbound(event('delivered', [rcpt('a@g.example'), rcpt('b@g.example')], [], { response: 'OK id=1' }), rules));
    expect(fed.outcomes.map((o) => o.throttle)).toEqual([false, false]);
    expect(fed.throttleDeferral).toBe(false);
  });
});

describe('RecentMx', () => {
  it('remembers the last MX of a domain, case-insensitively, and forgets the oldest beyond its size', () => {
    const mx = new RecentMx(2);
    mx.note('A.example', 'mx1.a.example');
    mx.note('b.example', 'mx.b.example');
    mx.note('a.example', 'mx2.a.example');
    mx.note('c.example', 'mx.c.example');
    mx.note('d.example', null);
    expect([mx.get('a.example'), mx.get('b.example'), mx.get('c.example'), mx.get('d.example')]).toEqual(['mx2.a.example', null, 'mx.c.example', null]);
  });
});
