import type { Recorded } from '../observe';
import type { OutboundEvent } from '../outbound/report';
import { makeEvent } from './index';
import type { BounceguardEvent, OutcomeData } from './types';

/** What the outbound hooks know beyond the event: where the mail left from and its campaign. */
export interface OutboundContext {
  localIp?: string | null;
  campaign?: string | null;
}

/**
 * The events of one outbound result: an outcome per recipient, and a suppression change where the
 * policy suppressed or escalated. `observations` are the outcomes the windows count (not Haraka's
 * own DSNs, which have no sender).
 */
export function outboundEvents(event: OutboundEvent, records: Recorded[], ctx: OutboundContext, now: number): { events: BounceguardEvent[]; observations: OutcomeData[] } {
  const events: BounceguardEvent[] = [];
  const observations: OutcomeData[] = [];
  for (const r of records) {
    const data: OutcomeData = {
      kind: event.kind,
      queueId: event.queueId,
      sender: event.sender,
      recipient: r.recipient,
      reply: r.reply ?? '',
      outcome: r.outcome,
      senderDomain: domainOf(event.sender) ?? '',
      destination: r.outcome.provider ?? domainOf(r.recipient) ?? event.domain,
      localIp: ctx.localIp || 'default',
      campaign: ctx.campaign || null,
    };
    events.push(makeEvent('outcome', data, now));
    if (event.sender !== '') observations.push(data);
    events.push(...suppressionEvents(r, now));
  }
  return { events, observations };
}

/** A suppression change event where the policy suppressed or escalated the recipient; else none. */
export function suppressionEvents(r: Recorded, now: number): BounceguardEvent[] {
  const result = r.result;
  if (result.action !== 'suppressed' && result.action !== 'escalated') return [];
  return [makeEvent('suppression', { action: result.action, recipient: r.recipient, entry: result.entry }, now)];
}

/** The domain of an address, lower-cased; null when there is none. */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at < 0 ? null : address.slice(at + 1).replace(/>$/, '').toLowerCase() || null;
}
