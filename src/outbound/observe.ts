import { classify, type RuleSet } from '../classify';
import type { Observation } from '../observe';
import { messageIdOf, recipientReplies, type OutboundEvent } from './report';

/** What one outbound hook call shows, classified once for every plugin that hooks it. */
export interface ObservedEvent {
  event: OutboundEvent;
  /** The message the queue file belongs to: its retries and splits count as one. */
  messageId: string;
  observations: Observation[];
}

export function observeOutbound(event: OutboundEvent, rules: RuleSet): ObservedEvent {
  const mx = event.mx || undefined;
  const observations = recipientReplies(event).map(({ recipient, reply, stage }) => ({
    recipient, reply, stage, outcome: classify({ reply, stage, mx }, rules),
  }));
  return { event, messageId: messageIdOf(event.queueId), observations };
}

/**
 * The replies the destination itself gave. Failures Haraka makes itself (refused connections, DNS,
 * "Tried all MXs" for recipients a 421 cut off) say nothing about it. recipientReplies sets a stage
 * exactly when the reply came from the remote server; deliveries are always the remote's answer.
 */
export function answeredByDestination(observed: ObservedEvent): Observation[] {
  return observed.observations.filter((o) => observed.event.kind === 'delivered' || o.stage !== undefined);
}
