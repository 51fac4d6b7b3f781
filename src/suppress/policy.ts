import type { Outcome, Reason, Stage } from '../classify/types';
import { StoreUnavailableError } from '../store/resilient';
import type { Source, SuppressionEntry, SuppressionStore } from '../store/types';
import { normaliseAddress, normaliseTarget, type NormalisedTarget } from '../util/address';
import { Allowlist } from './allowlist';
import type { SuppressConfig } from './config';
import { SuppressionGuard, type GuardOptions } from './guard';

/**
 * Reasons about the sender or its mail, never the recipient. The Outcome's `suppress` flag is the
 * primary signal; this list is a safety net against a classifier rule that sets it wrongly.
 * `norelaying` and `policyviolation` are not on it: the classifier flags them only in their
 * recipient-level forms ("Relay access denied" from the recipient's own MX; Exchange's 5.7.124-136,
 * a recipient that accepts listed senders only), and never otherwise.
 */
export const SENDER_SIDE_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'blocked', 'spamdetected', 'virusdetected', 'securityerror', 'authfailure', 'requireptr',
  'badreputation', 'notcompliantrfc', 'speeding', 'toomanyconn', 'contenterror', 'rejected',
  'mesgtoobig', 'exceedlimit', 'filtered',
]);

/**
 * The reason escalation weighs. An outcome `inDoubt` may still be about the recipient: a "user
 * unknown" given only after DATA (a content filter dressed as a directory answer, as Japanese
 * carriers' per-recipient filters answer, or a mailbox really gone on a server that checks
 * recipients late), or a recipient text under a sender-side status. One is never proof. When the
 * reply names this recipient's own address, repeated on distinct messages it counts like a soft
 * `userunknown`, so a dead address is not mailed for ever. Without the address it proves nothing
 * about this recipient: a refusal after DATA applies to every recipient of the message, and
 * escalating it would suppress them all.
 */
function escalationReason(outcome: Outcome, key: string, reply: string | null | undefined): Reason {
  if (!outcome.inDoubt) return outcome.reason;
  return reply && !key.startsWith('@') && reply.toLowerCase().includes(key.toLowerCase()) ? 'userunknown' : 'filtered';
}

export interface RecordInput {
  /** The recipient as given (`<a@b>` or `a@b`). */
  recipient: string;
  outcome: Outcome;
  /** Soft bounces count once per message, however often it is retried. */
  messageId: string;
  source?: Extract<Source, 'smtp' | 'dsn' | 'arf'>;
  /** The remote reply, kept (truncated) with the entry. */
  reply?: string | null;
  stage?: Stage;
  at?: number;
}

export type RecordResult =
  | { action: 'suppressed'; entry: SuppressionEntry }
  | { action: 'escalated'; entry: SuppressionEntry; softBounces: number }
  | { action: 'counted'; softBounces: number }
  | { action: 'reset' }
  | { action: 'ignored'; why: string }
  | { action: 'allowlisted' }
  | { action: 'unknown'; spooled: boolean; error: string };

export type CheckResult =
  | { status: 'suppressed'; entry: SuppressionEntry }
  | { status: 'clear' }
  | { status: 'allowlisted' }
  | { status: 'invalid'; error: string }
  /** The store did not answer; `allow` is what the config says to do with the mail meanwhile. */
  | { status: 'unknown'; allow: boolean; error: string };

/** Decides what an outcome does to the suppression list, and whether a recipient is suppressed. */
export class SuppressionPolicy {
  private readonly allowlist: Allowlist;
  /** Mass-suppression guards; callers that record whole reports ask it first (reportRefusal). */
  readonly guard: SuppressionGuard;

  constructor(
    private readonly store: SuppressionStore,
    private readonly config: SuppressConfig,
    private readonly now: () => number = Date.now,
    guard: GuardOptions = { onAlert: (alert) => console.error(alert.message) },
  ) {
    this.allowlist = new Allowlist(config.allowAddresses, config.allowDomains, this.normaliseOptions());
    this.guard = new SuppressionGuard(config.guard, guard);
  }

  /** An address (its own entry or its domain's), or `@domain` (the whole-domain entry only). */
  async check(recipient: string): Promise<CheckResult> {
    let target: NormalisedTarget;
    try {
      target = normaliseTarget(recipient, this.normaliseOptions());
    } catch (err) {
      return { status: 'invalid', error: (err as Error).message };
    }
    if (this.allowlist.covers(target)) return { status: 'allowlisted' };
    try {
      const keys = target.kind === 'domain' ? [target.key] : [target.key, `@${target.domain}`];
      const found = await this.store.getMany(keys);
      const entry = found.get(target.key) ?? found.get(`@${target.domain}`);
      return entry ? { status: 'suppressed', entry } : { status: 'clear' };
    } catch (err) {
      return { status: 'unknown', allow: this.config.failOpen, error: (err as Error).message };
    }
  }

  async record(input: RecordInput): Promise<RecordResult> {
    let target: NormalisedTarget;
    try {
      target = normaliseAddress(input.recipient, this.normaliseOptions());
    } catch (err) {
      return { action: 'ignored', why: (err as Error).message };
    }
    if (this.allowlist.covers(target)) return { action: 'allowlisted' };
    try {
      return await this.apply(target, input, input.at ?? this.now());
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      return { action: 'unknown', spooled: err.spooled, error: err.message };
    }
  }

  private async apply(target: NormalisedTarget, input: RecordInput, at: number): Promise<RecordResult> {
    const { outcome } = input;
    // A delivery (or an auto-reply) proves the mailbox alive; a complaint is no bounce, yet suppresses.
    if (outcome.bounce === 'none' && !outcome.suppress) {
      await this.store.resetSoftBounces(target.key);
      return { action: 'reset' };
    }
    const weighed = escalationReason(outcome, target.key, input.reply);
    if (SENDER_SIDE_REASONS.has(weighed)) return { action: 'ignored', why: `sender-side reason ${outcome.reason}` };
    if (outcome.suppress) return this.suppress(target, input, at);
    if (!this.escalates(input, weighed)) return { action: 'ignored', why: `${outcome.bounce} ${outcome.reason} does not count` };
    const softBounces = await this.store.recordSoftBounce(target.key, input.messageId, at, this.config.escalateWindowMs);
    if (softBounces < this.config.escalateAfter) return { action: 'counted', softBounces };
    const paused = this.guard.admit(input.source ?? 'smtp', at);
    if (paused) return { action: 'ignored', why: paused };
    const expiresAt = this.config.escalationExpiryMs === null ? null : at + this.config.escalationExpiryMs;
    const entry = await this.store.put(this.entryFor(target.key, input, at, 'escalation', expiresAt));
    await this.store.resetSoftBounces(target.key);
    return { action: 'escalated', entry, softBounces };
  }

  /**
   * A missing domain (NXDOMAIN, null MX) takes the whole domain, for a while: domains come back. A
   * reply saying so is not enough (anyone can forge one): DNS must agree.
   */
  private async suppress(target: NormalisedTarget, input: RecordInput, at: number): Promise<RecordResult> {
    const source = input.source ?? 'smtp';
    const wholeDomain = input.outcome.reason === 'hostunknown';
    if (wholeDomain) {
      const dns = await this.guard.domainGone(target.domain);
      if (!dns.gone) return { action: 'ignored', why: `whole-domain suppression of ${target.domain} not confirmed by DNS (${dns.why})` };
    }
    const paused = this.guard.admit(source, at);
    if (paused) return { action: 'ignored', why: paused };
    if (wholeDomain) {
      const expiresAt = this.config.domainExpiryMs === null ? null : at + this.config.domainExpiryMs;
      return { action: 'suppressed', entry: await this.store.put(this.entryFor(`@${target.domain}`, input, at, source, expiresAt)) };
    }
    return { action: 'suppressed', entry: await this.store.put(this.entryFor(target.key, input, at, source, null)) };
  }

  /** Only soft failures about the recipient count; anything the destination says about pace never does. */
  /** `weighed`: the reason escalation counts the outcome as (see escalationReason). */
  private escalates(input: RecordInput, weighed: Reason): boolean {
    const { outcome } = input;
    if (outcome.bounce !== 'soft' || outcome.throttle) return false;
    if (!this.config.escalateReasons.has(weighed)) return false;
    // A reply read by its basic code alone only points at the recipient when it answered RCPT for that recipient.
    return outcome.evidence !== 'code-only' || input.stage === 'rcpt';
  }

  private entryFor(key: string, input: RecordInput, at: number, source: Source, expiresAt: number | null): SuppressionEntry {
    const { outcome } = input;
    return {
      key,
      reason: outcome.reason,
      bounce: outcome.bounce,
      source,
      code: outcome.code,
      enhanced: outcome.enhanced,
      reply: truncateReply(input.reply ?? null, this.config.replyMaxLength),
      provider: outcome.provider,
      firstSeen: at,
      lastSeen: at,
      count: 1,
      expiresAt,
    };
  }

  private normaliseOptions() {
    return { caseSensitiveLocalPart: this.config.caseSensitiveLocalPart };
  }
}

/** One line, at most `max` characters: replies can be long and multi-line. */
export function truncateReply(reply: string | null, max: number): string | null {
  if (reply === null) return null;
  const line = reply.replace(/\s*\r?\n\s*/g, ' ').trim();
  return line.length > max ? line.slice(0, max) : line;
}
