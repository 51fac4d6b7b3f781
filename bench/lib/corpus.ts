import fs from 'node:fs';
import path from 'node:path';

/**
 * The one place that finds the dev corpus, for every test, benchmark and helper:
 * `BOUNCEGUARD_CORPUS` when set, else the copy kept in the repository (test/corpus, from the
 * reference copy ../shared/corpus). Walks up from here, so it works from bench/ and from dist/.
 */
export function corpusDir(): string {
  if (process.env.BOUNCEGUARD_CORPUS) return path.resolve(process.env.BOUNCEGUARD_CORPUS);
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'corpus');
    if (fs.existsSync(path.join(candidate, 'sisimai'))) return candidate;
  }
  throw new Error(`bounce corpus not found above ${__dirname} (expected test/corpus); set BOUNCEGUARD_CORPUS`);
}

export function readJsonl<T>(relative: string): T[] {
  const file = path.join(corpusDir(), relative);
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export interface ProviderReply {
  id: string;
  provider: string;
  reply: string;
  basic_code: number | null;
  enhanced_code: string | null;
  smtp_stage?: string | null;
  context?: string | null;
  tricky?: string;
  label: {
    class: string;
    permanent: boolean;
    effective_permanence: string;
    suppress_recipient: boolean;
    fault: string;
    throttle: boolean;
  };
}

export interface SisimaiReply {
  id: string;
  email: string;
  reply: string;
  smtp_reply: string | null;
  reason: string;
  hardbounce: boolean;
  status: string;
  replycode: string;
  smtpcommand: string;
  label_leak: boolean;
}

export const providerReplies = (): ProviderReply[] => readJsonl<ProviderReply>('provider-replies/replies-dev.jsonl');
export const sisimaiReplies = (): SisimaiReply[] => readJsonl<SisimaiReply>('sisimai/replies-dev.jsonl');

const STAGE_NAMES: Record<string, string> = {
  'connect (greeting)': 'connect', 'MAIL FROM': 'mail', 'RCPT TO': 'rcpt', DATA: 'data', 'end of DATA': 'dot',
  CONN: 'connect', HELO: 'helo', EHLO: 'helo', MAIL: 'mail', RCPT: 'rcpt',
};

/** The classifier's stage name for a corpus stage or Sisimai smtpcommand, if it has one. */
export function stageOf(name: string | null | undefined): 'connect' | 'helo' | 'mail' | 'rcpt' | 'data' | 'dot' | undefined {
  return (name ? STAGE_NAMES[name] : undefined) as ReturnType<typeof stageOf>;
}
