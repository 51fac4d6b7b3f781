/** The Sisimai-compatible reason names an Outcome can carry. */
export const REASONS = [
  'userunknown', 'hostunknown', 'mailboxfull', 'mesgtoobig', 'exceedlimit', 'blocked', 'spamdetected',
  'virusdetected', 'policyviolation', 'rejected', 'filtered', 'norelaying', 'securityerror', 'authfailure',
  'requireptr', 'badreputation', 'notcompliantrfc', 'speeding', 'toomanyconn', 'systemerror', 'systemfull',
  'networkerror', 'expired', 'hasmoved', 'suspend', 'syntaxerror', 'contenterror', 'mailererror', 'notaccept',
  'onhold', 'vacation', 'feedback', 'delivered', 'undefined',
] as const;
export type Reason = (typeof REASONS)[number];

export type Bounce = 'hard' | 'soft' | 'none';

/** The SMTP stage a reply was received at, when the caller knows it. */
export const STAGES = ['connect', 'helo', 'mail', 'rcpt', 'data', 'dot'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Stages before any recipient is named (RFC 5321 3.3: RCPT TO comes after the greeting, HELO and
 * MAIL FROM): a refusal there is about the sending host or sender, whatever its words, and never
 * proves an address dead. A recipient's words there mean the stage was misread, not the address.
 */
export function isBeforeRecipient(stage: Stage | null | undefined): boolean {
  return stage === 'connect' || stage === 'helo' || stage === 'mail';
}

export interface ReplyInput {
  /** The reply as received: one or several lines, with or without an MTA wrapper. */
  reply: string;
  stage?: Stage;
  /** The remote MX host name, used to recognise the provider. */
  mx?: string;
  recipient?: string;
}

/**
 * What decided an Outcome: the reply's text (a phrase rule), its enhanced status code, a provider's
 * documented reply, or only its basic code (or no code at all). A bare basic code never suppresses.
 */
export const EVIDENCE = ['text', 'enhanced', 'provider', 'code-only'] as const;
export type Evidence = (typeof EVIDENCE)[number];

/** What one remote reply means for one recipient. */
export interface Outcome {
  code: number | null;
  enhanced: string | null;
  reason: Reason;
  bounce: Bounce;
  /** Retrying this recipient can never succeed, whatever the sender does. */
  suppress: boolean;
  /** The destination asks the sender to slow down. */
  throttle: boolean;
  provider: string | null;
  /** Id of the rule that decided. */
  rule: string;
  /** What the deciding rule read (see Evidence). */
  evidence: Evidence;
  /**
   * A recipient-level failure that its context makes doubtful (a "user unknown" after DATA, or a
   * recipient text under a sender-side status): never suppressed on its own, counted toward
   * escalation when the reply names the recipient's own address.
   */
  inDoubt: boolean;
  /** For 551/5.1.6 "moved": the forwarding address, when the server gave one. */
  forwardTo?: string;
}
