/**
 * The SMTP command a remote server was answering when it refused, as replies and bounce texts state it
 * (one function for live replies and DSNs):
 * Postfix "(in reply to end of DATA command)", Exim "after RCPT TO:", Sendmail transcripts
 * ">>> DATA", DragonFly "did not like our final DATA", qmail-remote "does not like recipient", "failed
 * on DATA command", "failed after I sent the message", hMailServer
 * "hMailServer sent: MAIL From:<...>" (SMTPClientConnection.cpp), and
 * similar. The classifier needs it to
 * tell a recipient refusal (at RCPT) from a content refusal (after DATA) or a sender refusal (at
 * MAIL FROM). When a text names several commands, the last one is the one that failed.
 */
import type { Stage } from './types';

// Alternatives are fixed words; nothing nested, so matching stays linear on hostile text.
const STAGE_RE =
  /(?:>>>\s{0,3}|in reply to |after |did not like our |most progress was |smtp command:?\s{0,3}|smtp:|hmailserver sent: |\[)(end of data|final data|pipelined data|mail from|rcpt to|rcpt_to|data|rcpt|mail|ehlo|helo|initial connection)\b|(?:for|failed on) (text|data|rcpt|mail) command|does not like (recipient)|but (sender) was rejected|but my (name) was rejected|(refused to talk to me|greeting)|failed after i sent the (message)/gi;

const MAX_SCAN = 16 * 1024;

/**
 * Every match of STAGE_RE contains one of these (lower-case), so a caller that has already scanned a
 * text for literals (the classifier's gate) can skip the regex. Keep in step with STAGE_RE: a test
 * checks it on every corpus reply and on spliced text.
 */
export const STAGE_LITERALS: readonly string[] = [
  '>>>', 'in reply to ', 'after ', 'did not like our ', 'most progress was ', 'smtp command', 'smtp:', 'hmailserver sent: ',
  '[end of data', '[final data', '[pipelined data', '[mail', '[rcpt', '[data', '[ehlo', '[helo', '[initial connection',
  ' command', 'does not like recipient', 'but sender was rejected', 'but my name was rejected', 'refused to talk to me',
  'greeting', 'failed after i sent the message',
];

function toStage(word: string): Stage | undefined {
  const w = word.toLowerCase();
  if (w === 'end of data' || w === 'final data' || w === 'message') return 'dot';
  if (w === 'data' || w === 'pipelined data' || w === 'text') return 'data';
  if (w.startsWith('rcpt') || w === 'recipient') return 'rcpt';
  if (w.startsWith('mail') || w === 'sender') return 'mail';
  if (w === 'ehlo' || w === 'helo' || w === 'name') return 'helo';
  if (w === 'initial connection' || w === 'refused to talk to me' || w === 'greeting') return 'connect';
  return undefined;
}

export function findStage(text: string | undefined): Stage | undefined {
  if (!text) return undefined;
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  let last: string | undefined;
  // exec on the one global regex, not matchAll, which copies the regex and builds an iterator every call.
  STAGE_RE.lastIndex = 0;
  for (let m = STAGE_RE.exec(scanned); m !== null; m = STAGE_RE.exec(scanned)) last = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7];
  return last ? toStage(last) : undefined;
}
