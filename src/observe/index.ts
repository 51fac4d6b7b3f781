import type { Outcome, Stage } from '../classify/types';
import type { RecordInput, RecordResult, SuppressionPolicy } from '../suppress';

/**
 * One recipient's reply to one event (an outbound delivery attempt, a DSN), classified once and
 * shared by everything that learns from it: recording, throttling, metrics.
 */
export interface Observation {
  recipient: string;
  /** The reply as received (null: a report that gave none). */
  reply: string | null;
  stage?: Stage;
  outcome: Outcome;
}

export type Recorded = Observation & { result: RecordResult | { action: 'not-recorded'; why: string } };

export interface RecordContext {
  /** null when suppression is off (its settings never valid): outcomes are still returned. */
  policy: SuppressionPolicy | null;
  /** Soft bounces count once per message, however often it is retried. */
  messageId: string;
  source: NonNullable<RecordInput['source']>;
  /** Set when nothing of the event may be recorded (Haraka's own DSNs: the recipient is our sender). */
  notRecorded?: string;
}

/** Applies the suppression policy to each observation of one event: the one way replies reach the store. */
export function recordObservations(observations: Observation[], ctx: RecordContext): Promise<Recorded[]> {
  return Promise.all(observations.map(async (o): Promise<Recorded> => {
    if (ctx.notRecorded) return { ...o, result: { action: 'not-recorded', why: ctx.notRecorded } };
    if (!ctx.policy) return { ...o, result: { action: 'not-recorded', why: 'suppression disabled' } };
    const { recipient, outcome, reply, stage } = o;
    return { ...o, result: await ctx.policy.record({ recipient, outcome, messageId: ctx.messageId, source: ctx.source, reply, stage }) };
  }));
}
