import type { FakeReply } from './fake-mx';

/**
 * The demo's remote world: what each kind of recipient gets from its MX. Local parts name the
 * mailbox's state; domains name what the receiving system thinks of the sender.
 */
export const DEMO_DOMAINS = {
  healthy: 'alive.example',
  listed: 'listed.example',
  dmarc: 'strict.example',
  content: 'filtering.example',
  busy: 'busy.example',
} as const;

const GREYLIST_MS = 4000;
const firstSeen = new Map<string, number>();

export function demoReply(rcpt: string, now = Date.now()): FakeReply | null {
  const [local, domain] = rcpt.split('@');
  if (domain === DEMO_DOMAINS.listed) return { code: 554, message: '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org' };
  if (domain === DEMO_DOMAINS.dmarc) return { code: 550, message: `5.7.26 Unauthenticated email from haraka.test is not accepted due to domain's DMARC policy` };
  if (domain === DEMO_DOMAINS.content) return { code: 554, message: '5.7.1 Message content rejected as spam', atData: true };
  if (local.startsWith('nobody')) return { code: 550, message: `5.1.1 <${rcpt}>: Recipient address rejected: User unknown in virtual mailbox table` };
  if (local.startsWith('closed')) return { code: 550, message: '5.2.1 The email account that you tried to reach is disabled.' };
  if (local.startsWith('full')) return { code: 452, message: '4.2.2 The email account that you tried to reach is over quota.' };
  if (local.startsWith('grey')) {
    const seen = firstSeen.get(rcpt) ?? now;
    firstSeen.set(rcpt, seen);
    if (now - seen < GREYLIST_MS) return { code: 451, message: '4.7.1 Greylisted, please try again later' };
  }
  return null;
}

export const BUSY_GREETING: FakeReply = { code: 421, message: '4.3.2 Service not available, too busy, closing transmission channel' };

/** Every recipient kind with how many distinct addresses of it the batch uses. */
export const DEMO_KINDS: Array<{ kind: string; address: (i: number) => string; count: number; senderSide?: boolean }> = [
  { kind: 'alive', address: (i) => `user${i}@${DEMO_DOMAINS.healthy}`, count: 150 },
  { kind: 'unknown', address: (i) => `nobody${i}@${DEMO_DOMAINS.healthy}`, count: 30 },
  { kind: 'disabled', address: (i) => `closed${i}@${DEMO_DOMAINS.healthy}`, count: 15 },
  { kind: 'mailbox full', address: (i) => `full${i}@${DEMO_DOMAINS.healthy}`, count: 10 },
  { kind: 'greylisting', address: (i) => `grey${i}@${DEMO_DOMAINS.healthy}`, count: 15 },
  { kind: 'Spamhaus block', address: (i) => `reader${i}@${DEMO_DOMAINS.listed}`, count: 20, senderSide: true },
  { kind: 'DMARC failure', address: (i) => `reader${i}@${DEMO_DOMAINS.dmarc}`, count: 20, senderSide: true },
  { kind: 'content rejected at DATA', address: (i) => `reader${i}@${DEMO_DOMAINS.content}`, count: 20, senderSide: true },
  { kind: '421 at greeting', address: (i) => `reader${i}@${DEMO_DOMAINS.busy}`, count: 10, senderSide: true },
];
