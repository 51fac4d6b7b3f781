import fs from 'node:fs';
import path from 'node:path';

/** The shared corpus, read in place (never copied): `../shared/corpus` beside the repo, or BOUNCEGUARD_CORPUS. */
export function corpusDir(): string {
  if (process.env.BOUNCEGUARD_CORPUS) return path.resolve(process.env.BOUNCEGUARD_CORPUS);
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, '..', 'shared', 'corpus');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find ../shared/corpus beside the repository; set BOUNCEGUARD_CORPUS');
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
