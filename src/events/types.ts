import type { Outcome } from '../classify/types';
import type { SuppressionEntry } from '../store/types';

export const EVENT_TYPES = ['outcome', 'suppression', 'throttle', 'alert'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Who sent a message and where it went: the subjects the rolling windows count by. */
export interface Origin {
  /** Envelope sender's domain. */
  senderDomain: string;
  /** The provider (google, microsoft, ...) when known, else the recipient domain. */
  destination: string;
  /** The local address mail left from; `default` when Haraka chose it. */
  localIp: string;
  /** The campaign header's value, or null. */
  campaign: string | null;
}

/** One recipient's result of one delivery attempt. */
export interface OutcomeData extends Origin {
  kind: 'delivered' | 'deferred' | 'bounce' | 'complaint';
  queueId: string;
  sender: string;
  recipient: string;
  reply: string;
  outcome: Outcome;
  /**
   * Set when the outcome was read from a later report (a DSN or an ARF complaint) about mail the
   * outbound side already counted; absent for live replies.
   */
  report?: 'dsn' | 'arf';
}

export interface SuppressionData {
  action: 'suppressed' | 'escalated';
  recipient: string;
  entry: SuppressionEntry;
}

export interface ThrottleData {
  destination: string;
  kind: string;
  /** Messages a minute before and after; null: unpaced. */
  from: number | null;
  to: number | null;
  reason: string;
  rule: string | null;
}

export type Severity = 'info' | 'warning' | 'critical';

/** What an alert rests on. */
export interface Evidence {
  window: string;
  /** The rule's measure (a rate, or a count of providers) and the counts it came from. */
  value: number;
  count: number;
  volume: number;
  /** Destinations (providers or domains) of the counted outcomes, with their counts. */
  providers: Record<string, number>;
  /** Classifier rules that decided the counted outcomes, with their counts. */
  rules: Record<string, number>;
  sampleReplies: string[];
}

export interface AlertData {
  state: 'raised' | 'cleared';
  /** Stable per rule and subject: `rule:dimension:value`. */
  key: string;
  rule: string;
  severity: Severity;
  dimension: string;
  subject: string;
  raisedAt: string;
  clearedAt: string | null;
  summary: string;
  evidence: Evidence;
}

interface Base<T extends EventType, D> {
  /** Unique (a UUID): receivers deduplicate on it. */
  id: string;
  type: T;
  /** ISO 8601 */
  time: string;
  data: D;
}

export type OutcomeEvent = Base<'outcome', OutcomeData>;
export type SuppressionEvent = Base<'suppression', SuppressionData>;
export type ThrottleEvent = Base<'throttle', ThrottleData>;
export type AlertEvent = Base<'alert', AlertData>;
export type BounceguardEvent = OutcomeEvent | SuppressionEvent | ThrottleEvent | AlertEvent;

