import { toRecord } from './format';
import type { Suppression } from './open';
import type { CheckResult } from './policy';

/** Soft bounces counted toward escalation: `counted` of `of`, until the oldest leaves the window. */
export interface Escalation {
  counted: number;
  of: number;
  windowEndsAt: number;
}

/** What `bounceguard check` and the API answer: the policy's result, and a clear address's escalation state. */
export type CheckAnswer = CheckResult & { escalation?: Escalation | null };

/** The policy's answer for an address or `@domain`, and a clear address's escalation state. */
export async function checkTarget(ctx: Suppression, target: string, now = Date.now()): Promise<CheckAnswer> {
  const result = await ctx.policy.check(target);
  if (result.status !== 'clear' || target.trim().startsWith('@')) return result;
  try {
    return { ...result, escalation: await escalationOf(ctx, target, now) };
  } catch (err) {
    return { status: 'unknown', allow: ctx.config.failOpen, error: (err as Error).message };
  }
}

async function escalationOf(ctx: Suppression, address: string, now: number): Promise<Escalation | null> {
  const { normaliseAddress } = await import('../util/address');
  const key = normaliseAddress(address, { caseSensitiveLocalPart: ctx.config.caseSensitiveLocalPart }).key;
  const windowMs = ctx.config.escalateWindowMs;
  const within = (await ctx.store.getSoftBounces(key)).filter((at) => at > now - windowMs);
  if (within.length === 0) return null;
  return { counted: within.length, of: ctx.config.escalateAfter, windowEndsAt: within[0] + windowMs };
}

/** The answer as `check --json` prints it and the API returns it: the entry in the export's shape, ISO times. */
export function checkRecord(address: string, answer: CheckAnswer) {
  const e = answer.escalation;
  return {
    address,
    status: answer.status,
    entry: answer.status === 'suppressed' ? toRecord(answer.entry) : null,
    escalation: e ? { counted: e.counted, of: e.of, windowEndsAt: new Date(e.windowEndsAt).toISOString() } : null,
    ...('error' in answer ? { error: answer.error } : {}),
  };
}
