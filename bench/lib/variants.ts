import type { Outcome, Stage } from '../../src/classify';

/**
 * The packaging a remote reply arrives in: how MTAs relay it in their bounces and logs, read from
 * their source code and documentation, and how servers lay out a long reply. The sealed set says
 * what the vocabulary tables say, in these clothes; a reply's verdict must not depend on them.
 * Each wrapper keeps the reply's meaning and states (or keeps) its stage; `stage` is what the
 * wrapper tells the classifier, the reference verdict is taken with it.
 */
export interface Wrapper {
  name: string;
  /** Where the form comes from. */
  source: string;
  /** The form states the SMTP command the reply answered (the classifier must find it there). */
  namesStage?: boolean;
  /** The form is the provider's own (its servers' names): the reference reads the bare reply from that provider's MX. */
  namesMx?: string;
  /** The wrapped reply, or null when the form does not apply (a multi-line form of a reply without a code). */
  wrap(reply: Reply): string | null;
}

/** A reply split the way servers send it: basic code, enhanced code, text. */
export interface Reply {
  raw: string;
  code: string | null;
  enhanced: string | null;
  text: string;
  /** The stage the reply answers, as the row gives it. */
  stage: Stage | undefined;
  /** The stage a wrapper that names one names: the row's, else rcpt. */
  named: Stage;
}

// The code, then a space, a hyphen or the end: "203.0.113.225 does not like..." starts with no code.
const LEAD = /^([245]\d\d)(?=[ -]|$)(?:[ -]+#?([245]\.\d{1,3}\.\d{1,3})\b)?[ -]*/;

export function splitForVariants(raw: string, stage?: Stage): Reply {
  const m = LEAD.exec(raw);
  const named = stage ?? 'rcpt';
  if (!m) return { raw, code: null, enhanced: null, text: raw, stage, named };
  return { raw, code: m[1], enhanced: m[2] ?? null, text: raw.slice(m[0].length), stage, named };
}

const MX = 'mx.example.com';
const IP = '192.0.2.1';
const RCPT = 'u@example.com';

/** Postfix smtp_proto.c xfer_request[]: "(in reply to %s)", the command the client sent. */
const POSTFIX_COMMAND: Record<Stage, string> = {
  connect: 'CONNECT', helo: 'EHLO', mail: 'MAIL FROM', rcpt: 'RCPT TO', data: 'DATA', dot: 'end of DATA',
};
/** Exim transports/smtp.c: "SMTP error from remote mail server after %s" with the command. */
const EXIM_COMMAND: Record<Stage, string> = {
  connect: 'initial connection', helo: 'EHLO mail.example.net', mail: 'MAIL FROM:<s@example.net> SIZE=2048',
  rcpt: `RCPT TO:<${RCPT}>`, data: 'pipelined DATA', dot: 'end of data',
};
/** notqmail qmail-remote.c: what it prints before "Remote host said:" for each command. */
const QMAIL_LEAD: Record<Stage, string> = {
  connect: `Connected to ${IP} but greeting failed.`, helo: `Connected to ${IP} but my name was rejected.`,
  mail: `Connected to ${IP} but sender was rejected.`, rcpt: `${IP} does not like recipient.`,
  data: `${IP} failed on DATA command.`, dot: `${IP} failed after I sent the message.`,
};
/** Sendmail's transcript (">>> command", "<<< reply"). */
const SENDMAIL_COMMAND: Record<Stage, string> = {
  connect: '', helo: 'EHLO mail.example.net', mail: 'MAIL From:<s@example.net> SIZE=2048',
  rcpt: `RCPT To:<${RCPT}>`, data: 'DATA', dot: '.',
};

/** A long text as a server cuts it into lines of at most `width` characters, at spaces. */
export function cutLines(text: string, width = 70): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

/** The reply as RFC 5321 4.2.1 multi-line lines, the enhanced code repeated on each (RFC 2034 4). */
export function multiLine(r: Reply, width = 60): string[] | null {
  if (r.code === null) return null;
  const lines = cutLines(r.text, width);
  if (lines.length < 2) lines.splice(0, 1, ...halves(r.text));
  if (lines.length < 2) return null;
  const status = r.enhanced ? ` ${r.enhanced}` : '';
  return lines.map((l, i) => `${r.code}${i === lines.length - 1 ? ' ' : '-'}${status.trimStart()}${status ? ' ' : ''}${l}`);
}

/** A short text cut in two at its middle space, so that even a short reply has a continuation line. */
function halves(text: string): string[] {
  const words = text.split(' ');
  if (words.length < 2) return [text];
  const mid = Math.ceil(words.length / 2);
  return [words.slice(0, mid).join(' '), words.slice(mid).join(' ')];
}

const PF = 'vdukhovni/postfix:postfix/src/smtp';

function postfix(reply: string, stage: Stage): string {
  if (stage === 'connect') return `host ${MX}[${IP}] refused to talk to me: ${reply}`;
  return `host ${MX}[${IP}] said: ${reply} (in reply to ${POSTFIX_COMMAND[stage]} command)`;
}

export const WRAPPERS: readonly Wrapper[] = [
  {
    name: 'postfix',
    namesStage: true,
    source: `${PF}/smtp_proto.c ("host %s said: %s (in reply to %s)", xfer_request[]; a greeting: "host %s refused to talk to me: %s")`,
    wrap: (r) => postfix(r.raw, r.named),
  },
  {
    name: 'postfix multi-line',
    namesStage: true,
    source: `${PF}/smtp_chat.c (continuation lines kept, joined by "\\n"), smtp_proto.c (the "\\n" made a space)`,
    wrap: (r) => {
      const lines = multiLine(r);
      return lines && postfix(lines.join(' '), r.named);
    },
  },
  {
    name: 'postfix bounce',
    namesStage: true,
    source: 'vdukhovni/postfix:postfix/src/bounce/bounce_notify_util.c (each recipient\'s paragraph "<%s>: %s", the address then the reason)',
    wrap: (r) => `<${RCPT}>: ${postfix(r.raw, r.named)}`,
  },
  {
    name: 'postfix log',
    namesStage: true,
    source: 'vdukhovni/postfix:postfix/src/global/log_adhoc.c ("to=<%s>, relay=%s, delay=%s, delays=%s, dsn=%s, status=%s (%s)"; dsn is the reply\'s status, else X.0.0 of its class)',
    wrap: (r) => {
      const dsn = r.enhanced ?? (r.code ? `${r.code[0]}.0.0` : '5.0.0');
      const status = dsn.startsWith('4') ? 'deferred' : 'bounced';
      return `to=<${RCPT}>, relay=${MX}[${IP}]:25, delay=1.2, delays=0.1/0.01/0.6/0.5, dsn=${dsn}, status=${status} (${postfix(r.raw, r.named)})`;
    },
  },
  {
    name: 'multi-line as received',
    source: 'RFC 5321 4.2.1 (code-hyphen continuation lines), RFC 2034 4 (the enhanced code on every line)',
    wrap: (r) => multiLine(r)?.join('\r\n') ?? null,
  },
  {
    name: 'multi-line cut at 76',
    source: 'RFC 5321 4.2.1; servers that cut a long text near 76 columns (Gmail, Microsoft)',
    wrap: (r) => (r.code !== null && r.raw.length > 76 ? multiLine(r, 66)!.join('\n') : null),
  },
  {
    name: 'exim bounce',
    namesStage: true,
    source: 'Exim/exim:src/src/transports/smtp.c ("SMTP error from remote mail server after %s"), deliver.c (the reply lines indented)',
    wrap: (r) => `host ${MX} [${IP}]\n    SMTP error from remote mail server after ${EXIM_COMMAND[r.named]}:\n    ${(multiLine(r) ?? [r.raw]).join('\n    ')}`,
  },
  {
    name: 'exim log',
    namesStage: true,
    source: 'Exim/exim:src/src/deliver.c (the main log line; string_printing() turns the reply\'s newlines into "\\n")',
    wrap: (r) => `** ${RCPT} R=dnslookup T=remote_smtp H=${MX} [${IP}]: SMTP error from remote mail server after ${EXIM_COMMAND[r.named]}: ${(multiLine(r) ?? [r.raw]).join('\\n')}`,
  },
  {
    name: 'sendmail dsn',
    source: 'RFC 3464 2.3.6 Diagnostic-Code "smtp; <reply>" (Sendmail deliver.c, Postfix bounce)',
    wrap: (r) => `smtp; ${r.raw}`,
  },
  {
    name: 'sendmail transcript',
    namesStage: true,
    source: 'hrs-allbsd/sendmail:sendmail/usersmtp.c (">>> " the command, "<<< " each reply line, "... while talking to %s:")',
    wrap: (r) => {
      const sent = SENDMAIL_COMMAND[r.named];
      return `... while talking to ${MX}.:\n${sent ? `>>> ${sent}\n` : ''}${(multiLine(r) ?? [r.raw]).map((l) => `<<< ${l}`).join('\n')}`;
    },
  },
  {
    name: 'sendmail deferred',
    source: 'hrs-allbsd/sendmail:sendmail/deliver.c (log stat= "Deferred: <reply>")',
    wrap: (r) => (r.code?.startsWith('4') ? `Deferred: ${r.raw}` : null),
  },
  {
    name: 'exchange remote server returned',
    source: 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online (NDR diagnostics "Remote Server returned \'<reply>\'")',
    wrap: (r) => `Remote Server returned '${r.raw}'`,
  },
  {
    name: 'exchange 2003',
    source: 'Exchange 2003 NDR diagnostic "#< #<status> smtp;<reply>> #SMTP#" (Microsoft KB 284204)',
    wrap: (r) => {
      const status = r.enhanced ?? (r.code ? `${r.code[0]}.0.0` : null);
      return status && `#< #${status} smtp;${r.raw}> #SMTP#`;
    },
  },
  {
    name: 'exchange 2007',
    source: 'Exchange 2007-2019 NDR diagnostics "#<reply> ##" (learn.microsoft.com, Exchange Server NDRs: "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##")',
    wrap: (r) => `#${r.raw} ##`,
  },
  {
    name: 'office 365 hostname',
    namesMx: 'example-com.mail.protection.outlook.com',
    source: 'Exchange Online NDR diagnostics end with "[Hostname=<server>]" (learn.microsoft.com, NDRs in Exchange Online)',
    wrap: (r) => `${r.raw} [Hostname=BY5PR11MB1234.namprd11.prod.outlook.com]`,
  },
  {
    name: 'eop trailer',
    namesMx: 'example-com.mail.protection.outlook.com',
    source: 'Exchange Online Protection replies end with "[<server> <UTC time> <id>]" (learn.microsoft.com, fix 5.7.700-750)',
    wrap: (r) => `${r.raw} [AM4PEPF00025F9A.eurprd83.prod.outlook.com 2026-11-27T16:21:18.123Z 08DC0D8C12345678]`,
  },
  {
    name: 'qmail',
    namesStage: true,
    source: 'notqmail/notqmail:qmail-remote.c (outsmtptext "Remote host said: ", "does not like recipient.", "failed on DATA command", "Giving up on")',
    wrap: (r) => `${QMAIL_LEAD[r.named]}\nRemote host said: ${r.raw}\nGiving up on ${IP}.`,
  },
  {
    name: 'hmailserver',
    namesStage: true,
    source: 'hmailserver/hmailserver:hmailserver/source/Server/SMTP/SMTPClientConnection.cpp ("Remote server (%s) issued an error.", "hMailServer sent: %s", "Remote server replied: %s")',
    wrap: (r) => `   Error Type: SMTP\r\n   Remote server (${IP}) issued an error.\r\n   hMailServer sent: ${SENDMAIL_COMMAND[r.named] || 'EHLO mail.example.net'}\r\n   Remote server replied: ${r.raw}\r\n`,
  },
  {
    name: 'gmail ndr',
    // Gmail's lines above it name the category it read ("Address not found", "Message blocked"): left out, they are its verdict, not the reply.
    source: 'Gmail\'s delivery status notification ("The response from the remote server was:" then the reply\'s lines, as quoted in public NDRs)',
    wrap: (r) => `The response from the remote server was:\n${(multiLine(r) ?? [r.raw]).join('\n')}`,
  },
  {
    name: 'yahoo ndr',
    namesStage: true,
    source: 'Yahoo\'s bounce ("<rcpt>:", "Remote host said: <reply> [RCPT_TO]"), as Sisimai\'s Yahoo samples quote it',
    wrap: (r) => (r.named === 'rcpt' ? `Sorry, we were unable to deliver your message to the following address.\n\n<${RCPT}>:\nRemote host said: ${r.raw} [RCPT_TO]` : null),
  },
  {
    name: 'haraka',
    source: 'haraka/Haraka:outbound/hmail.js (reason = code, extc, then the lines\' texts joined by spaces; "Upstream error: " on a 4xx)',
    wrap: (r) => {
      const lines = multiLine(r);
      if (!lines) return null;
      // smtp_regexp takes an enhanced code of single digits off each line; a longer one stays in the text.
      const texts = lines.map((l) => l.slice(4).replace(/^#?\d\.\d\.\d\s/, ''));
      const extc = r.enhanced && /^\d\.\d\.\d$/.test(r.enhanced) ? `${r.enhanced} ` : '';
      const reason = `${r.code} ${extc}${texts.join(' ')}`;
      return r.code!.startsWith('4') ? `Upstream error: ${reason}` : reason;
    },
  },
  {
    name: 'upper case',
    source: 'servers that answer in capitals (RFC 5321 4.2: the text is free)',
    wrap: (r) => r.raw.replace(/[a-z]+/g, (w) => w.toUpperCase()),
  },
  {
    name: 'folded',
    source: 'RFC 5322 2.2.3 folding of a Diagnostic-Code field (RFC 3464) near 76 columns, continuation indented',
    wrap: (r) => (r.raw.length > 60 ? cutLines(`Diagnostic-Code: smtp; ${r.raw}`, 76).join('\r\n    ').slice('Diagnostic-Code: smtp; '.length) : null),
  },
  {
    name: 'trailing ids',
    source: 'what servers append: Gmail " - gsmtp" style tags, queue ids, bracketed IPs and times (Postfix, Exim, Microsoft)',
    wrap: (r) => `${r.raw} (queue id 4XyZ12AbCd7) [${IP}] at Fri, 27 Nov 2026 16:21:18 +0000`,
  },
  {
    name: 'trailing url',
    source: 'providers that append a help URL to every reply (Google, Microsoft, Yahoo, Mimecast)',
    wrap: (r) => `${r.raw} - see https://help.example.com/smtp-errors?id=Ab12Cd34`,
  },
  {
    name: 'padded',
    source: 'a reply as a log or a JSON field keeps it: spaces around it and its CRLF (RFC 5321 2.3.8)',
    wrap: (r) => `  ${r.raw}  \r\n`,
  },
  {
    name: 'quoted text',
    source: 'servers and relays that quote the text ("..."), RFC 5321 4.2: the text is free',
    wrap: (r) => (r.code === null ? `"${r.text}"` : `${r.code}${r.enhanced ? ` ${r.enhanced}` : ''} "${r.text}"`),
  },
  {
    name: 'tabs',
    source: 'logs that separate fields with tabs (the code and the text)',
    wrap: (r) => (r.code === null ? null : `${r.code}\t${r.enhanced ? `${r.enhanced}\t` : ''}${r.text}`),
  },
];

/** What a variant must keep: the decision and the reason. */
export function verdictOf(o: Outcome): string {
  return `${o.suppress ? 'suppress' : 'keep'}/${o.throttle ? 'throttle' : 'calm'}/${o.bounce}/${o.reason}`;
}

export interface VariantCase {
  /** file:line or the row's source, for messages. */
  where: string;
  reply: string;
  stage?: Stage;
}

export interface VariantMiss {
  where: string;
  wrapper: string;
  wrapped: string;
  expected: string;
  got: string;
}

/**
 * Every wrapper applied to every case; a miss is a wrapped reply whose verdict differs from the bare
 * reply's, both read at the stage the wrapper names (rcpt when the case gives none) and, for a
 * provider's own form, from that provider's MX.
 */
export function variantMisses(
  cases: readonly VariantCase[], classifyOne: (reply: string, stage: Stage | undefined, mx?: string) => Outcome,
): { tried: number; misses: VariantMiss[] } {
  let tried = 0;
  const misses: VariantMiss[] = [];
  for (const c of cases) {
    const reply = splitForVariants(c.reply, c.stage);
    const bare = verdictOf(classifyOne(c.reply, reply.stage));
    const bareNamed = verdictOf(classifyOne(c.reply, reply.named));
    for (const w of WRAPPERS) {
      const wrapped = w.wrap(reply);
      if (wrapped === null) continue;
      tried += 1;
      const expected = w.namesMx ? verdictOf(classifyOne(c.reply, reply.stage, w.namesMx)) : w.namesStage ? bareNamed : bare;
      const got = verdictOf(classifyOne(wrapped, w.namesStage ? undefined : reply.stage));
      if (got !== expected) misses.push({ where: c.where, wrapper: w.name, wrapped, expected, got });
    }
  }
  return { tried, misses };
}
