import { BUILTIN_SETS } from './builtin';
import { parseRuleFile, type FileRule } from './rule-file';

export const OPERATOR_RULES_FILE = 'bounceguard-rules.ini';

export type OperatorRule = FileRule;

/**
 * Validates the operator rules of an ini object (one section a rule, in file order), in the format
 * of the built-in rule files, whose word sets it may use. Throws one Error naming the file, the rule
 * and every problem found.
 */
export function parseOperatorRules(ini: Record<string, unknown>, file = OPERATOR_RULES_FILE): OperatorRule[] {
  return parseRuleFile(ini, file, { sets: BUILTIN_SETS, ignoreCase: true, kind: 'operator' }).rules;
}
