import type { RuleSpec } from '../rule';

/** RFC 5321 reply codes: the last word, when neither the text nor an enhanced code decided. */
export const BASIC_RULES: RuleSpec[] = [
  { id: 'basic.4xx-at-connect', code: '4xx', stage: ['connect', 'helo'], reason: 'toomanyconn', throttle: true, note: 'A 4xx at the greeting or HELO: the server sheds load; slow down' },
  { id: 'basic.5xx-at-connect', code: '5xx', stage: ['connect', 'helo'], reason: 'blocked', note: 'A 5xx at the greeting or HELO refuses the sending host, never the recipient' },
  { id: 'basic.5xx-at-mail', code: '5xx', stage: ['mail'], reason: 'rejected', note: 'A 5xx at MAIL FROM refuses the sender' },
  { id: 'basic.421', code: '421', reason: 'toomanyconn', throttle: true, note: 'RFC 5321 421: service not available, closing channel (busy or throttling)' },
  { id: 'basic.450', code: '450', reason: 'onhold', note: 'RFC 5321 450: mailbox unavailable (busy), try later' },
  { id: 'basic.451', code: '451', reason: 'systemerror', note: 'RFC 5321 451: local error in processing' },
  { id: 'basic.452', code: '452', reason: 'systemfull', note: 'RFC 5321 452: insufficient system storage' },
  { id: 'basic.4xx', code: '4xx', reason: 'systemerror', note: 'RFC 5321 4xx: transient failure' },
  { id: 'basic.50x', code: '50x', reason: 'syntaxerror', note: 'RFC 5321 500-504: syntax or command errors' },
  { id: 'basic.53x', code: '53x', reason: 'securityerror', note: 'RFC 4954 530/534/535/538: authentication required or failed' },
  { id: 'basic.551', code: '551', reason: 'hasmoved', note: 'RFC 5321 551: user not local' },
  { id: 'basic.552', code: '552', reason: 'mailboxfull', note: 'RFC 5321 552: exceeded storage allocation' },
  { id: 'basic.5xx', code: '5xx', reason: 'onhold', note: 'RFC 5321 5xx with nothing more specific: permanent for this message, cause undecided; never suppresses' },
  { id: 'basic.none', reason: 'undefined', note: 'No reply code and no rule matched' },
];
