import { z } from 'zod';
import { isValidCodePattern, isValidEnhancedPattern, type RuleSpec } from './rule';
import { REASONS, STAGES } from './types';

export const OPERATOR_RULES_FILE = 'bounceguard-rules.ini';

// Haraka's ini loader turns `code = 550` into a number; every field here is text.
const str = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const bool = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());

const operatorRuleSchema = z
  .object({
    note: str().default('operator rule'),
    text: str().optional(),
    code: str().refine(isValidCodePattern, "must be like '550', '55x' or '5xx' (comma-separated)").optional(),
    enhanced: str().refine(isValidEnhancedPattern, "must be like '5.7.1', 'x.2.2', '5.7.*' or '5.7.606-649'").optional(),
    stage: str().optional(),
    provider: str().optional(),
    reason: z.enum(REASONS).optional(),
    suppress: bool.optional(),
    throttle: z.union([bool, z.literal('when-transient')]).optional(),
    permanent: bool.optional(),
    bounce: z.enum(['hard', 'soft']).optional(),
    disabled: bool.optional(),
  })
  .strict();

export type OperatorRule = RuleSpec & { disabled?: boolean };

/**
 * Validates the operator rules of an ini object (one section a rule, in file order). Throws one
 * Error naming the file, the rule and every problem found.
 */
export function parseOperatorRules(ini: Record<string, unknown>, file = OPERATOR_RULES_FILE): OperatorRule[] {
  const rules: OperatorRule[] = [];
  const problems: string[] = [];
  for (const [id, section] of Object.entries(ini)) {
    if (id === 'main' && isEmpty(section)) continue;
    try {
      rules.push(toRule(id, section));
    } catch (err) {
      problems.push(`rule [${id}]: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new Error(`${file}: invalid operator rules:\n  ${problems.join('\n  ')}`);
  return rules;
}

function toRule(id: string, section: unknown): OperatorRule {
  const result = operatorRuleSchema.safeParse(section);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`).join('; '));
  }
  const r = result.data;
  if (!r.disabled && !r.reason) throw new Error('reason: required unless the rule is disabled');
  if (!r.disabled && !r.text && !r.code && !r.enhanced && !r.provider && !r.stage) {
    throw new Error('a rule needs at least one of text, code, enhanced, provider, stage');
  }
  return {
    id, note: r.note, reason: r.reason ?? 'undefined', disabled: r.disabled,
    text: r.text === undefined ? undefined : compileText(r.text),
    code: r.code, enhanced: r.enhanced, provider: r.provider, stage: parseStages(r.stage),
    suppress: r.suppress, throttle: r.throttle, permanent: r.permanent, bounce: r.bounce,
  };
}

/** Case-insensitive rather than lower-cased: lower-casing a pattern would turn `\S` into `\s`. */
function compileText(text: string): RegExp {
  try {
    return new RegExp(text, 'i');
  } catch (err) {
    throw new Error(`text: not a valid regular expression (${(err as Error).message})`, { cause: err });
  }
}

function parseStages(stage: string | undefined): RuleSpec['stage'] {
  if (stage === undefined) return undefined;
  const list = stage.split(',').map((s) => s.trim().toLowerCase());
  const bad = list.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`stage: unknown stage '${bad.join(', ')}' (one of ${STAGES.join(', ')})`);
  return list as RuleSpec['stage'];
}

function isEmpty(section: unknown): boolean {
  return typeof section === 'object' && section !== null && Object.keys(section).length === 0;
}
