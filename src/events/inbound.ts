import type { ParsedReport, RecipientResult } from '../dsn';
import type { Recorded } from '../observe';
import { makeEvent } from './index';
import { domainOf, suppressionEvents } from './outbound';
import type { BounceguardEvent, OutcomeData } from './types';

/** One believed recipient of a report: what it said, who sent the reported message, and its campaign. */
export interface InboundRecipient {
  result: RecipientResult;
  origin: { sender: string | null; campaign: string | null };
}

/** A DSN recipient's Action (RFC 3464) as an outcome kind; anything but a delay or a delivery is a bounce. */
function kindOf(action: string | null): OutcomeData['kind'] {
  const a = (action ?? '').toLowerCase();
  if (a === 'delayed') return 'deferred';
  if (a === 'delivered' || a === 'relayed' || a === 'expanded') return 'delivered';
  return 'bounce';
}

/**
 * The events of one recorded report (bounceguard-inbound): an outcome per believed recipient (kind
 * `complaint` for an ARF report), and a suppression change where the policy suppressed or escalated.
 * `recipients` and `records` are in the same order. The windows count what has a known sender, by
 * the original sender's domain; the local address is unknown for a report, so no IP is counted.
 */
export function inboundEvents(report: Pick<ParsedReport, 'kind'>, id: string, recipients: InboundRecipient[], records: Recorded[], now: number): { events: BounceguardEvent[]; observations: OutcomeData[] } {
  const events: BounceguardEvent[] = [];
  const observations: OutcomeData[] = [];
  const source = report.kind === 'arf' ? 'arf' : 'dsn';
  for (const [i, r] of records.entries()) {
    const { result, origin } = recipients[i];
    const sender = origin.sender ?? '';
    const data: OutcomeData = {
      kind: source === 'arf' ? 'complaint' : kindOf(result.action),
      queueId: id,
      sender,
      recipient: r.recipient,
      reply: r.reply ?? '',
      outcome: r.outcome,
      senderDomain: domainOf(sender) ?? '',
      destination: r.outcome.provider ?? domainOf(r.recipient) ?? '',
      localIp: '',
      campaign: origin.campaign,
      report: source,
    };
    events.push(makeEvent('outcome', data, now));
    if (sender !== '') observations.push(data);
    events.push(...suppressionEvents(r, now));
  }
  return { events, observations };
}
