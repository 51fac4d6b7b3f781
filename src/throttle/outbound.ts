import type { Outcome } from '../classify';
import { answeredByDestination, type ObservedEvent } from '../outbound/observe';

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
 * Only replies the destination gave count: counting Haraka's own failures as accepted would make
 * the destination look faster than it is.
 */
export function paceFeed(observed: ObservedEvent): PaceFeed {
  const { event } = observed;
  const outcomes = answeredByDestination(observed).map((o) => o.outcome);
  const throttleDeferral = event.kind === 'deferred' && outcomes.length > 0 && outcomes.every((o) => o.throttle);
  return { domain: event.domain, mx: event.mx || null, outcomes, throttleDeferral };
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
