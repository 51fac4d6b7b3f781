import fs from 'node:fs';
import path from 'node:path';
import { parseRuleFile, type FileRule, type WordSets } from './rule-file';

/** The built-in rule files, beside this module (the build copies them to dist), read once, in name order. */
export const BUILTIN_RULES_DIR = path.join(__dirname, 'rules');

interface HarakaIniReader {
  parseIni(name: string, options: object, data: string): Record<string, unknown>;
}

function loadBuiltin(): { rules: FileRule[]; sets: WordSets } {
  // The parser of Haraka's own config loader: the built-in files and an operator's file read alike.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ini = require('haraka-config/lib/readers/ini') as HarakaIniReader;
  const files = fs.readdirSync(BUILTIN_RULES_DIR).filter((f) => f.endsWith('.rules')).sort();
  let sets: WordSets = new Map();
  const rules: FileRule[] = [];
  for (const file of files) {
    const data = fs.readFileSync(path.join(BUILTIN_RULES_DIR, file), 'utf8');
    const parsed = parseRuleFile(ini.parseIni(file, {}, data), file, { sets, kind: 'built-in' });
    sets = parsed.sets;
    rules.push(...parsed.rules);
  }
  return { rules, sets };
}

const loaded = loadBuiltin();

/** Built-in rules in the order they are tried: provider, generic text, enhanced code, basic code. */
export const BUILTIN_RULES: readonly FileRule[] = loaded.rules;
/** The built-in word sets, which an operator's rules may use too. */
export const BUILTIN_SETS: WordSets = loaded.sets;
