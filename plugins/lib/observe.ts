import type { RuleSet } from '../../src/classify';
import { observeOutbound, type ObservedEvent } from '../../src/outbound/observe';
import type { OutboundEvent } from '../../src/outbound/report';

const NOTE = 'bounceguard_observed';

/**
 * The observations of one outbound hook call: the first bounceguard plugin that hooks it classifies
 * the replies and leaves them in the hmail's notes (in memory, unlike todo.notes, which go to the
 * queue file); the others find them there. `call` is what Haraka passed that hook call (the params
 * or the error): the same object for every plugin, a new one on the next attempt.
 */
export function observedOnce(hmail: Haraka.HMailItem, call: unknown, eventOf: () => OutboundEvent, rules: RuleSet): ObservedEvent {
  const notes = hmail.notes;
  const kept = notes?.[NOTE] as { call: unknown; observed: ObservedEvent } | undefined;
  if (kept && call !== undefined && kept.call === call) return kept.observed;
  const observed = observeOutbound(eventOf(), rules);
  if (notes && call !== undefined) notes[NOTE] = { call, observed };
  return observed;
}
