import type { Recorded } from '../observe';
import type { OutboundEvent } from './report';

/** One log line per recipient: the decision and the rule behind it. */
export function describeRecord(kind: OutboundEvent['kind'], r: Recorded): string {
  const o = r.outcome;
  const codes = [o.code, o.enhanced].filter((c) => c !== null).join(' ') || '-';
  const flags = [o.suppress ? 'suppress' : '', o.throttle ? 'throttle' : ''].filter(Boolean).join(',') || '-';
  return `${kind} rcpt=<${r.recipient}> code=${codes} reason=${o.reason} bounce=${o.bounce} flags=${flags} ` +
    `rule=${o.rule} action=${describeResult(r.result)} reply=${JSON.stringify((r.reply ?? '').slice(0, 200))}`;
}

function describeResult(result: Recorded['result']): string {
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
