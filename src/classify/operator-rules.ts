import { z } from 'zod';
import { RULES_FILE } from '../config/files';
import { ConfigError, iniBoolean, parseAll, parsedBy, parseSection } from '../config/schema';
import { isValidCodePattern, isValidEnhancedPattern, type RuleSpec } from './rule';
import { REASONS, STAGES } from './types';

export const OPERATOR_RULES_FILE = RULES_FILE;

// Haraka's ini loader turns `code = 550` into a number; every field here is text.
const str = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

const operatorRuleSchema = z
  .object({
    note: str().default('operator rule'),
    text: parsedBy((v) => compileText(String(v))).optional(),
    code: str().refine(isValidCodePattern, "must be like '550', '55x' or '5xx' (comma-separated)").optional(),
    enhanced: str().refine(isValidEnhancedPattern, "must be like '5.7.1', 'x.2.2', '5.7.*' or '5.7.606-649'").optional(),
    stage: parsedBy((v) => parseStages(String(v))).optional(),
    provider: str().optional(),
    reason: z.enum(REASONS).optional(),
    suppress: iniBoolean.optional(),
    throttle: z.union([iniBoolean, z.literal('when-transient')]).optional(),
    permanent: iniBoolean.optional(),
    bounce: z.enum(['hard', 'soft']).optional(),
    disabled: iniBoolean.optional(),
  })
  .strict();

export type OperatorRule = RuleSpec & { disabled?: boolean };

/**
 * Validates the operator rules of an ini object (one section a rule, in file order). Throws one
 * ConfigError naming the file, the rule and every problem found.
 */
export function parseOperatorRules(ini: Record<string, unknown>, file = OPERATOR_RULES_FILE): OperatorRule[] {
  const sections = Object.entries(ini).filter(([id, section]) => !(id === 'main' && isEmpty(section)));
  return parseAll(...sections.map(([id, section]) => () => toRule(id, section, file)));
}

function toRule(id: string, section: unknown, file: string): OperatorRule {
  const r = parseSection(operatorRuleSchema, section, file, id);
  const fail = (key: string | null, problem: string) => { throw new ConfigError([{ file, section: id, key, problem }]); };
  if (!r.disabled && !r.reason) fail('reason', 'required unless the rule is disabled');
  if (!r.disabled && !r.text && !r.code && !r.enhanced && !r.provider && !r.stage) {
    fail(null, 'a rule needs at least one of text, code, enhanced, provider, stage');
  }
  return {
    id, note: r.note, reason: r.reason ?? 'undefined', disabled: r.disabled, text: r.text,
    code: r.code, enhanced: r.enhanced, provider: r.provider, stage: r.stage,
    suppress: r.suppress, throttle: r.throttle, permanent: r.permanent, bounce: r.bounce,
  };
}

/** Case-insensitive rather than lower-cased: lower-casing a pattern would turn `\S` into `\s`. */
function compileText(text: string): RegExp {
  try {
    return new RegExp(text, 'i');
  } catch (err) {
    throw new Error(`not a valid regular expression (${(err as Error).message})`, { cause: err });
  }
}

function parseStages(stage: string): RuleSpec['stage'] {
  const list = stage.split(',').map((s) => s.trim().toLowerCase());
  const bad = list.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`unknown stage '${bad.join(', ')}' (one of ${STAGES.join(', ')})`);
  return list as RuleSpec['stage'];
}

function isEmpty(section: unknown): boolean {
  return typeof section === 'object' && section !== null && Object.keys(section).length === 0;
}
