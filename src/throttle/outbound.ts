import { classify, type Outcome, type RuleSet } from '../classify';
import { recipientReplies, type OutboundEvent } from '../outbound/report';

/** What the throttle learns from one outbound result. */
export interface PaceFeed {
  domain: string;
  mx: string | null;
  /** One per recipient the destination itself answered. */
  outcomes: Outcome[];
  /** A deferral that every answered recipient owes to throttling: retried on the pace, not counted. */
  throttleDeferral: boolean;
}

/**
 * Only replies the destination gave count. Failures Haraka makes itself (refused connections, DNS,
 * "Tried all MXs" for recipients a 421 cut off) say nothing about its pace, and counting them as
 * accepted would make the destination look faster than it is. recipientReplies sets a stage exactly
 * when the reply came from the remote server; deliveries are always the remote's answer.
 */
export function paceFeed(event: OutboundEvent, rules: RuleSet): PaceFeed {
  const mx = event.mx || null;
  const replies = recipientReplies(event).filter((r) => event.kind === 'delivered' || r.stage !== undefined);
  const outcomes = replies.map((r) => classify({ reply: r.reply, stage: r.stage, mx: mx ?? undefined }, rules));
  const throttleDeferral = event.kind === 'deferred' && outcomes.length > 0 && outcomes.every((o) => o.throttle);
  return { domain: event.domain, mx, outcomes, throttleDeferral };
}

/** The MX each recipient domain was last delivered through: send_email runs before get_mx picks one. */
export class RecentMx {
  private readonly byDomain = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  get(domain: string): string | null {
    return this.byDomain.get(domain.toLowerCase()) ?? null;
  }

  note(domain: string, mx: string | null): void {
    if (!mx || !domain) return;
    const key = domain.toLowerCase();
    // Re-inserting keeps the map in least-recently-noted order, so the oldest goes first.
    this.byDomain.delete(key);
    this.byDomain.set(key, mx);
    if (this.byDomain.size > this.max) this.byDomain.delete(this.byDomain.keys().next().value as string);
  }
}
