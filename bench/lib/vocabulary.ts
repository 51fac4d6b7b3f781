import fs from 'node:fs';
import path from 'node:path';

/**
 * The cited phrase tables of docs/vocabulary (what MTAs and providers print, with the verdict their
 * sources give), turned into replies: a second measure of the classifier, on words no corpus row holds.
 */
export interface VocabularyRow {
  /** file:line, for messages. */
  where: string;
  reason: string;
  verdict: 'suppress' | 'throttle' | 'sender' | 'transient' | 'other';
  lang: string;
  phrase: string;
  provider: string;
  source: string;
  /** The reply as a server would send it: the documented code, the enhanced code of its class, the phrase. */
  reply: string;
}

const FILES = ['mta.tsv', 'providers.tsv', 'gateways-lang.tsv'];

export function vocabularyDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'vocabulary');
    if (fs.existsSync(path.join(candidate, 'mta.tsv'))) return candidate;
  }
  throw new Error(`docs/vocabulary not found above ${__dirname}`);
}

export function vocabularyRows(): VocabularyRow[] {
  const dir = vocabularyDir();
  return FILES.flatMap((file) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n').flatMap((line, i) => {
    const f = line.split('\t');
    if (i === 0 || f.length < 8 || !f[3]) return [];
    const [reason, verdict, lang, phrase, codes, enhanced, provider, source] = f;
    const row = { where: `${file}:${i + 1}`, reason, verdict: verdict as VocabularyRow['verdict'], lang, phrase, provider, source };
    return [{ ...row, reply: replyOf(row.verdict, phrase, codes, enhanced) }];
  }));
}

/**
 * Where a source documents several codes for one text (a 4xx deferral and a 5xx refusal), the reply
 * is built with the one its verdict is about: a 5xx for a suppression, a 4xx for a throttle, else the first.
 */
function replyOf(verdict: string, phrase: string, codes: string, enhanced: string): string {
  const basics = codes.split(/\s+/).filter((c) => /^[245]\d\d$/.test(c));
  const wanted = verdict === 'suppress' ? '5' : verdict === 'throttle' ? '4' : '';
  const code = basics.find((c) => c.startsWith(wanted)) ?? basics[0] ?? '';
  const statuses = enhanced.split(/\s+/).map((e) => e.replace(/-\d+$/, '')).filter((e) => /^[245]\.\d{1,3}\.\d{1,3}$/.test(e));
  const status = statuses.find((e) => e[0] === (code[0] ?? wanted)) ?? (code ? '' : statuses[0] ?? '');
  if (/^[245]\d\d\b/.test(phrase)) return phrase;
  return [code, status, phrase].filter(Boolean).join(' ');
}
