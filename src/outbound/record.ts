import { classify, type Outcome, type RuleSet } from '../classify';
import type { RecordResult, SuppressionPolicy } from '../suppress';
import { messageIdOf, recipientReplies, type OutboundEvent } from './report';

/** What happened to one recipient of an outbound event: the reply, its meaning, and what the policy did. */
export interface RecipientRecord {
  recipient: string;
  reply: string;
  outcome: Outcome;
  result: RecordResult | { action: 'not-recorded'; why: string };
}

export interface RecordDeps {
  rules: RuleSet;
  /** null when the suppression store is disabled (invalid config): outcomes are still classified and logged. */
  policy: SuppressionPolicy | null;
}

/**
 * Classifies every recipient of an outbound event and applies the suppression policy. Haraka's own
 * DSNs (null sender) are classified but never recorded: their recipient is our own sender.
 */
export async function recordOutbound(event: OutboundEvent, deps: RecordDeps): Promise<RecipientRecord[]> {
  const messageId = messageIdOf(event.queueId);
  const replies = recipientReplies(event);
  return Promise.all(
    replies.map(async ({ recipient, reply, stage }) => {
      const outcome = classify({ reply, stage, mx: event.mx }, deps.rules);
      if (event.sender === '') return { recipient, reply, outcome, result: { action: 'not-recorded', why: 'our own DSN' } } as const;
      if (!deps.policy) return { recipient, reply, outcome, result: { action: 'not-recorded', why: 'suppression disabled' } } as const;
      const result = await deps.policy.record({ recipient, outcome, messageId, source: 'smtp', reply, stage });
      return { recipient, reply, outcome, result };
    }),
  );
}

/** One log line per recipient: the decision and the rule behind it. */
export function describeRecord(kind: OutboundEvent['kind'], r: RecipientRecord): string {
  const o = r.outcome;
  const codes = [o.code, o.enhanced].filter((c) => c !== null).join(' ') || '-';
  const flags = [o.suppress ? 'suppress' : '', o.throttle ? 'throttle' : ''].filter(Boolean).join(',') || '-';
  return `${kind} rcpt=<${r.recipient}> code=${codes} reason=${o.reason} bounce=${o.bounce} flags=${flags} ` +
    `rule=${o.rule} action=${describeResult(r.result)} reply=${JSON.stringify(r.reply.slice(0, 200))}`;
}

function describeResult(result: RecipientRecord['result']): string {
  switch (result.action) {
    case 'suppressed':
    case 'escalated':
      return `${result.action}(${result.entry.key}${result.entry.expiresAt ? ` until ${new Date(result.entry.expiresAt).toISOString()}` : ''})`;
    case 'counted':
      return `counted(${result.softBounces})`;
    case 'ignored':
    case 'not-recorded':
      return `${result.action}(${result.why})`;
    case 'unknown':
      return `store-unavailable(${result.spooled ? 'spooled' : 'lost'})`;
    default:
      return result.action;
  }
}
