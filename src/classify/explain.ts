import { decide, defaultRules, normalizedText, readFacts, undecided, type RuleSet } from './classifier';
import { ruleMatches, type ReplyFacts } from './rule';
import type { Outcome, ReplyInput } from './types';

export interface Explanation {
  outcome: Outcome;
  /** What the rules read: the masked text, codes, stage and provider. */
  facts: Omit<ReplyFacts, 'enhancedParts'>;
  /** Rules whose required words the reply contains but whose conditions failed, in order, before the one that decided. */
  tried: string[];
  /** How many rules before the deciding one the literal gate skipped: the reply lacks words their text needs. */
  skipped: number;
  /** The deciding rule's note and source (none when no rule matched). */
  note: string | null;
  source: string | null;
}

/**
 * Why a reply got its Outcome: the same decision as classify() (no cache, no forwarding address),
 * with the rules the gate let through that did not match. Slower: for operators and rule writers.
 */
export function explain(input: ReplyInput | string, ruleSet?: RuleSet): Explanation {
  const reply = typeof input === 'string' ? { reply: input } : input;
  const set = ruleSet ?? defaultRules();
  const { facts, possible } = readFacts(normalizedText(typeof reply.reply === 'string' ? reply.reply : ''), reply, set);
  const { enhancedParts: _parts, ...shown } = facts;
  const tried: string[] = [];
  let skipped = 0;
  for (let i = 0; i < set.rules.length; i += 1) {
    const rule = set.rules[i];
    if (possible[i] !== 1) skipped += 1;
    else if (!ruleMatches(rule, facts, possible)) tried.push(rule.spec.id);
    else return { outcome: decide(facts, rule), facts: shown, tried, skipped, note: rule.spec.note, source: rule.spec.source ?? null };
  }
  return { outcome: undecided(facts), facts: shown, tried, skipped, note: null, source: null };
}
