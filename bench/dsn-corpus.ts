/**
 * The labelled bounce emails of the dev corpus, for the dsn benchmarks and tests. The corpus is
 * found by `corpusDir()` in lib/corpus.ts.
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
  /** Sisimai's name of the notice's format (often the module's). */
  format: string;
  path: string;
  label_leak: boolean;
  expected: ExpectedRecipient[];
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
