import type { SMTPServerSession } from 'smtp-server';
import { startFakeMx, type FakeMx, type FakeReply } from './fake-mx';

/** What Gmail answers a sender that goes faster than it accepts (Haraka keeps 4.7.28 in the text). */
export const RATE_LIMITED: FakeReply = {
  code: 421,
  message: '4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. ' +
    'To protect our users from spam, mail sent from your IP address has been rate limited - gsmtp',
};

export interface HiddenLimit {
  /** Messages a second the limited domains accept, together. */
  rate: number;
  /** Bucket size: how many may arrive at once after a quiet spell. */
  burst: number;
}

/** A token bucket: take() is true when a message fits the limit (and uses up its token). */
export function tokenBucket(limit: HiddenLimit, now: () => number = Date.now): () => boolean {
  let tokens = limit.burst;
  let last = now();
  return () => {
    const t = now();
    tokens = Math.min(limit.burst, tokens + ((t - last) / 1000) * limit.rate);
    last = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * A fake MX that accepts the limited domains' recipients at a hidden rate, answering RATE_LIMITED
 * at RCPT above it, and every other recipient freely.
 */
export function startRateLimitedMx(limitedDomains: string[], limit: HiddenLimit): Promise<FakeMx> {
  const take = tokenBucket(limit);
  // The fake MX asks again at end of DATA: the answer given at RCPT must stand, not take a second token.
  const decided = new WeakMap<SMTPServerSession, Map<string, FakeReply | null>>();
  return startFakeMx({
    replyFor(rcpt, session) {
      if (!limitedDomains.includes(rcpt.slice(rcpt.lastIndexOf('@') + 1))) return null;
      let answers = decided.get(session);
      if (!answers) decided.set(session, (answers = new Map()));
      const key = `${session.transaction}:${rcpt}`;
      if (!answers.has(key)) answers.set(key, take() ? null : RATE_LIMITED);
      return answers.get(key) ?? null;
    },
  });
}

/** How many RCPTs to these domains the MX answered with a throttle reply. */
export function throttleReplies(mx: FakeMx, domains: string[]): number {
  return mx.rcptLog.filter((r) => r.code === RATE_LIMITED.code && domains.some((d) => r.rcpt.endsWith(`@${d}`))).length;
}
