import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileRule, WordSets } from './rule-file';

/** The built-in rule files, beside this module (the build copies them to dist), read once, in name order. */
export const BUILTIN_RULES_DIR = path.join(__dirname, 'rules');
/**
 * The rule files as parsed and validated by the build: a command that starts, classifies one reply
 * and ends would otherwise spend most of its time validating them (and loading the validator).
 */
const SNAPSHOT_FILE = path.join(BUILTIN_RULES_DIR, 'builtin.snapshot.json');

interface HarakaIniReader {
  parseIni(name: string, options: object, data: string): Record<string, unknown>;
}

type Loaded = { rules: FileRule[]; sets: WordSets };
type RuleFiles = { name: string; data: string }[];
interface Snapshot {
  /** Of the rule files it was made from: a snapshot of other files is never used. */
  digest: string;
  sets: [string, string][];
  rules: (Omit<FileRule, 'text'> & { text?: [string, string] })[];
}

function readRuleFiles(): RuleFiles {
  const names = fs.readdirSync(BUILTIN_RULES_DIR).filter((f) => f.endsWith('.rules')).sort();
  return names.map((name) => ({ name, data: fs.readFileSync(path.join(BUILTIN_RULES_DIR, name), 'utf8') }));
}

function digestOf(files: RuleFiles): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.name}\0${f.data}\0`);
  return hash.digest('hex');
}

function parseRuleFiles(files: RuleFiles): Loaded {
  // The parser of Haraka's own config loader: the built-in files and an operator's file read alike.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ini = require('haraka-config/lib/readers/ini') as HarakaIniReader;
  const { parseRuleFile } = require('./rule-file') as typeof import('./rule-file');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let sets: WordSets = new Map();
  const rules: FileRule[] = [];
  for (const file of files) {
    const parsed = parseRuleFile(ini.parseIni(file.name, {}, file.data), file.name, { sets, kind: 'built-in' });
    sets = parsed.sets;
    rules.push(...parsed.rules);
  }
  return { rules, sets };
}

function fromSnapshot(digest: string): Loaded | null {
  let snap: Snapshot;
  try {
    snap = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
  } catch {
    return null;
  }
  if (snap.digest !== digest) return null;
  const rules = snap.rules.map(({ text, ...rule }) => (text ? { ...rule, text: new RegExp(text[0], text[1]) } : rule));
  return { rules, sets: new Map(snap.sets) };
}

/** Writes the snapshot of the rule files as they are now (the build runs it). */
export function writeBuiltinSnapshot(): void {
  const files = readRuleFiles();
  const { rules, sets } = parseRuleFiles(files);
  const snap: Snapshot = {
    digest: digestOf(files),
    sets: [...sets],
    rules: rules.map(({ text, ...rule }) => (text ? { ...rule, text: [text.source, text.flags] } : rule)),
  };
  fs.writeFileSync(SNAPSHOT_FILE, JSON.stringify(snap));
}

function loadBuiltin(): Loaded & { digest: string } {
  const files = readRuleFiles();
  const digest = digestOf(files);
  return { ...(fromSnapshot(digest) ?? parseRuleFiles(files)), digest };
}

const loaded = loadBuiltin();

/** Of the built-in rule files as read: what anything saved from them is checked against. */
export const BUILTIN_DIGEST = loaded.digest;

/** Built-in rules in the order they are tried: provider, generic text, enhanced code, basic code. */
export const BUILTIN_RULES: readonly FileRule[] = loaded.rules;
/** The built-in word sets, which an operator's rules may use too. */
export const BUILTIN_SETS: WordSets = loaded.sets;
