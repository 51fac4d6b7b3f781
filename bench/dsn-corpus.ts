/**
 * Access to the shared bounce corpus for the dsn benchmarks and tests: read in place, never
 * copied. `BOUNCEGUARD_CORPUS` overrides the location (the folder holding `sisimai/`).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface ExpectedRecipient {
  recipient: string;
  reason: string;
  hardbounce: boolean;
  status: string;
  replycode: string;
  feedbacktype?: string;
}

export interface LabelledEmail {
  id: string;
  module: string;
  path: string;
  label_leak: boolean;
  expected: ExpectedRecipient[];
}

/** Resolves the corpus from any folder at the repository's depth + 1 (dist/bench, test/dsn, bench). */
export function corpusDir(from: string): string {
  if (process.env.BOUNCEGUARD_CORPUS) return path.resolve(process.env.BOUNCEGUARD_CORPUS);
  for (const up of ['../../../shared/corpus', '../../shared/corpus']) {
    const dir = path.resolve(from, up);
    if (fs.existsSync(path.join(dir, 'sisimai'))) return dir;
  }
  throw new Error(`bounce corpus not found from ${from}; set BOUNCEGUARD_CORPUS`);
}

export function loadLabels(corpus: string): LabelledEmail[] {
  const file = path.join(corpus, 'sisimai', 'labels-dev.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledEmail);
}

export function emailPath(corpus: string, email: LabelledEmail): string {
  return path.join(corpus, 'sisimai', 'emails', email.path);
}

/**
 * Sisimai names a complaint about undisclosed recipients with a made-up address; bounceguard
 * reports such a recipient with an empty address. The two are the same recipient for scoring.
 */
export function sameRecipient(expected: string, got: string): boolean {
  const e = expected.toLowerCase();
  if (e.endsWith('.invalid') && got === '') return true;
  return e === got.toLowerCase();
}
