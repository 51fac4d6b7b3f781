/**
 * Concept phrasings for the grammar probe (issue 10): each concept's nouns and predicates crossed in
 * several word orders, with and without a leading reply code and the address. Every word is attested
 * in the primary sources the rule files and docs/vocabulary/*.tsv already cite:
 * - dead-mailbox nouns: 00-words.rules [set:mailbox] (RFC 5321/3463 mailbox, recipient, address;
 *   Postfix smtpd_check.c "Recipient address rejected", Sendmail "User unknown", qmail "local part",
 *   Exchange "email address", Zimbra errNoSuchAccount "account", RFC 5322 "addressee");
 * - dead-mailbox predicates: [set:not-exist] (Sendmail "User unknown", Postfix "not found", Exim
 *   "does not exist", qmail "no such"/"not a valid", Exchange "couldn't be found", Gmail "does not
 *   exist"), mta.tsv and gateways-lang.tsv rows of those MTAs;
 * - sender nouns: 20-sender.rules (Postfix "Sender address rejected", "Client host rejected",
 *   "Helo command rejected"; Exim "return path"; RFC 5321 "MAIL FROM", "envelope sender");
 * - mailbox full: [set:mailbox]/[set:account] with Postfix virtual "mailbox full", Exim "quota
 *   exceeded", Gmail "out of storage space", Exchange "exceeded its quota" (mta.tsv, providers.tsv);
 * - disabled: [set:account] with [set:disabled] and RFC 3463 X.2.1 "mailbox disabled", Gmail
 *   "account is disabled", Yahoo "account is inactive", Outlook "locked";
 * - rate: 20-sender.rules throttling group (Postfix "too many connections", "too many recipients",
 *   Gmail "rate limit exceeded", Yahoo "too many messages per hour", Exchange "from your IP").
 */
export interface Probe {
  concept: string;
  text: string;
}

export const DEAD_NOUNS = ['user', 'recipient', 'mailbox', 'address', 'email address', 'account', 'local part', 'addressee'];
export const DEAD_PREDICATES = [
  'does not exist', "doesn't exist", 'not found', 'unknown', 'invalid', 'is not valid', "isn't valid",
  'non-existent', 'nonexistent', 'not known', 'not recognized', 'unrecognized', 'could not be found',
];
export const SENDER_NOUNS = [
  'sender', 'sender address', 'envelope sender', 'mail from', 'your address', 'return path', 'helo',
  'client host', 'sending domain',
];
const FILLERS = ['here', 'on this server', 'at this domain'];
const ADDR = 'jdoe@example.com';

/** "X is P", "P X", "no such X", "not a valid X", "X ... P", each with the code and address variants. */
function orders(noun: string, pred: string): string[] {
  // HELO names a host, not a mailbox: its probes carry a host name where the others carry the address.
  const addr = /^(?:helo|client host|sending domain)$/.test(noun) ? 'mx.example.net' : `<${ADDR}>`;
  const isPred = /^(?:is|does|doesn't|isn't|could)\b/.test(pred) ? pred : `is ${pred}`;
  const adjective = /^(?:unknown|invalid|non-existent|nonexistent|unrecognized)$/.test(pred);
  const out = [
    `${noun} ${pred}`,
    `${noun} ${isPred}`,
    `${noun} ${addr} ${pred}`,
    `${addr}: ${noun} ${pred}`,
    ...FILLERS.map((f) => `${noun} ${isPred} ${f}`),
    ...FILLERS.map((f) => `${noun} ${f} ${pred}`),
    ...(/^(?:your|mail from)/.test(noun) ? [] : [`the ${noun} you specified ${isPred}`]),
  ];
  if (adjective) out.push(`${pred} ${noun}`, `${pred} ${noun} ${addr}`, `${addr}: ${pred} ${noun}`);
  return out;
}

function withCodes(texts: string[], codes: string[]): string[] {
  return texts.flatMap((t) => codes.map((c) => (c ? `${c} ${t}` : t)));
}

function unique(probes: Probe[]): Probe[] {
  const seen = new Set<string>();
  return probes.filter((p) => (seen.has(p.text) ? false : (seen.add(p.text), true)));
}

export function deadMailbox(codes = ['550 5.1.1', '550']): Probe[] {
  const texts = DEAD_NOUNS.flatMap((n) => [
    ...DEAD_PREDICATES.flatMap((p) => orders(n, p)),
    `no such ${n}`, `no such ${n} here`, `no such ${n} <${ADDR}>`, `<${ADDR}>: no such ${n}`,
    `not a valid ${n}`, `<${ADDR}> is not a valid ${n}`, `${ADDR} is not a valid ${n} here`,
  ]);
  return unique(withCodes(texts, codes).map((text) => ({ concept: 'dead', text })));
}

export function senderSide(codes = ['550 5.1.1', '550', '553']): Probe[] {
  const texts = SENDER_NOUNS.flatMap((n) => [
    ...DEAD_PREDICATES.flatMap((p) => orders(n, p)),
    `no such ${n}`, `not a valid ${n}`,
  ]);
  return unique(withCodes(texts, codes).map((text) => ({ concept: 'sender', text })));
}

export function mailboxFull(codes = ['452 4.2.2', '452', '450']): Probe[] {
  const nouns = ['mailbox', 'inbox', 'account', 'storage', 'quota'];
  const preds = ['full', 'is full', 'over quota', 'exceeded its quota', 'out of storage space', 'quota exceeded'];
  const texts = nouns.flatMap((n) => preds.flatMap((p) => [`${n} ${p}`, `recipient's ${n} ${p}`, `${n} <${ADDR}> ${p}`]));
  return unique(withCodes(texts, codes).map((text) => ({ concept: 'full', text })));
}

export function accountDisabled(codes = ['450 4.2.1', '451', '421']): Probe[] {
  const nouns = ['account', 'mailbox', 'user'];
  const preds = ['disabled', 'suspended', 'deactivated', 'inactive', 'locked', 'closed', 'no longer active'];
  const texts = nouns.flatMap((n) => preds.flatMap((p) => [`${n} ${p}`, `${n} is ${p}`, `${n} <${ADDR}> is ${p}`, `this ${n} has been ${p}`]));
  return unique(withCodes(texts, codes).map((text) => ({ concept: 'disabled', text })));
}

export function rate(codes = ['421 4.7.0', '450', '451 4.7.1']): Probe[] {
  const heads = ['too many', 'exceeded', 'limit reached'];
  const things = ['messages', 'connections', 'recipients', 'emails', 'requests'];
  const tails = ['per hour', 'in a short time', 'from your IP'];
  const texts = heads.flatMap((h) => things.flatMap((t) => tails.map((tail) =>
    h === 'too many' ? `${h} ${t} ${tail}` : h === 'exceeded' ? `${h} the number of ${t} ${tail}` : `${t} ${h} ${tail}`)));
  return unique(withCodes(texts, codes).map((text) => ({ concept: 'rate', text })));
}
