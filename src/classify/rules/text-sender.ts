import type { RuleSpec } from '../rule';

const USER_UNKNOWN_AT_DATA = /user unknown|unknown user|no such user|unknown recipient/;

/**
 * Generic text rules about the sender, the rate or the message, tried before the recipient rules
 * because the text outranks the code: a 550 "blocked using Spamhaus" blames the sender, not the
 * recipient; a 550 "rate limited" is throttling. Written from RFC 5321/3463 usage and the corpus.
 */
export const SENDER_TEXT_RULES: RuleSpec[] = [
  { id: 'text.greylisting', text: /greylist|gray ?list|grey-list/, reason: 'onhold', permanent: false, note: 'Greylisting: retry after the delay, nothing is wrong' },
  { id: 'text.rate-recipient', text: /receiving (e-?mail|mail) (at a rate|too quickly)|too many recent messages|recipient thread limit/, reason: 'speeding', throttle: true, permanent: false, suppress: false, note: 'The recipient receives too fast; slow down, the address is fine' },
  { id: 'text.content-error', text: /8-?bit data|duplicate header|headers too large|invalid characters|message is malformed/, reason: 'contenterror', note: 'The message format was refused' },
  { id: 'text.too-many-connections', text: /too many (concurrent |simultaneous )?connections|connection (rate|limit) exceeded|too many sessions|too many login attempts/, reason: 'toomanyconn', throttle: true, permanent: false, note: 'Too many connections (or logins) from the sender' },
  { id: 'text.too-many-invalid-recipients', text: /too many invalid recipients/, reason: 'blocked', throttle: true, suppress: false, note: 'The sender mailed too many bad addresses: a reputation block, not this recipient' },
  { id: 'text.rate-limited', text: /rate.?limit|unusual rate|frequency limit|too many (messages|mails|emails)\b|(sending|relay|submission|daily|hourly|email|message) (\w+ )?(limit|quota) (was )?(exceeded|reached)|exceeded (the|your) (\w+ )?(limit|quota)|(reached|exceeded) your daily|daily relay quota|sent too many|too many \w+ this hour|max(imum)? message per connection/, reason: 'speeding', throttle: true, permanent: false, note: 'The sender exceeded a rate or quota: slow down, retry later' },
  { id: 'text.too-many-recipients', text: /too many recipients/, reason: 'exceedlimit', throttle: false, suppress: false, note: 'Too many recipients in one transaction (452 4.5.3 / 552): send fewer at once; not a full mailbox' },
  { id: 'text.permanently-deferred', code: '4xx', text: /permanently (deferred|rejected)|will not succeed/, reason: 'blocked', permanent: true, note: 'A 4xx whose text says retrying will never work' },
  { id: 'text.try-again-later-5xx', code: '5xx', text: /try again later|please try later|temporar(y|ily) (locked|unavailable|rejected|deferred)/, reason: 'systemerror', permanent: false, note: 'A 5xx that asks for a later retry is transient' },
  { id: 'text.ptr', text: /\bptr\b|reverse dns|\brdns\b|reverse (lookup|name)|ip name lookup failed|cannot find your hostname|dynamic ip|generic dns|mismatches client ip|no ptr/, reason: 'requireptr', note: 'Reverse DNS of the sending IP missing or wrong' },
  { id: 'text.blocklist', throttle: 'when-transient', text: /spamhaus|spamcop|sorbs|barracudacentral|blocked using|\bdnsbl\b|\brbl\b|black ?list|block ?list|blacklisted|(?<!not )listed (in|on|at) |mail-abuse|please use the smtp server of your isp|blocked (for|by) |ip address blacklisted|ipcheck\.proofpoint|cloudmark|client host (\[\S+\] )?(rejected|blocked)|host network not allowed|not accepting connections|refused to talk to me|your ip .{0,40} bad reputation/, reason: 'blocked', note: 'The sending IP or domain is on a blocklist, or refused outright' },
  { id: 'text.reputation', throttle: 'when-transient', text: /reputation|spam sender|bad outbound sender|spam abuse detected|banned sender|sending (ip|domain) (is )?(banned|blocked)|user complaints/, reason: 'badreputation', note: 'Low sender reputation' },
  { id: 'text.dmarc-spf-dkim', text: /dmarc|\bspf\b|\bdkim\b|unauthenticated (e-?mail|mail)|sender is unauthenticated|authentication checks? failed|not allowed to send (mail )?from|invalid ip for sending|unverifyable sending ip|authentication (level|requirements)/, reason: 'authfailure', note: 'SPF, DKIM or DMARC failed: fix authentication' },
  { id: 'text.virus', text: /virus|malware|infected/, reason: 'virusdetected', note: 'Content carried (or looked like) malware' },
  { id: 'text.spam', text: /\bspam\b|\bube\b|unsolicited|content (rejected|denied)|message content|junk mail|bulk mail/, reason: 'spamdetected', note: 'The message was judged to be spam' },
  { id: 'text.relay-denied-recipient', text: /relay access denied|unable to relay recipient in non-accepted domain|relaying denied|relay not permitted/, reason: 'norelaying', suppress: true, note: 'The server does not host the recipient domain: the address is unreachable there' },
  { id: 'text.relay-denied', text: /relay(ing)? (is )?(denied|not allowed|prohibited)|not configured to relay|unable to relay|insecure mail relay|invalid credentials for relay/, reason: 'norelaying', suppress: false, note: 'Relaying refused: a routing or submission problem of the sender' },
  { id: 'text.sender-rejected', text: /sender address rejected|the sender address|sender (was )?rejected|domain of sender address|sender domain|unroutable sender|sender denied|invalid sender|envelope sender|badmailfrom|purported responsible address|from: (domain|address)|blank from|mail from \S+ not allowed|not a registered gateway user|use the smtp relay/, reason: 'rejected', note: 'The envelope sender or From: was refused: fix the sender' },
  { id: 'text.tls', text: /starttls|tls required|must use tls|tlsa|dane|encryption required/, reason: 'securityerror', note: 'TLS required or TLS validation failed' },
  { id: 'text.restricted-recipient', enhanced: 'x.7.133-136', reason: 'policyviolation', suppress: true, note: 'Exchange 5.7.133-136: the recipient accepts only authenticated or listed senders' },
  { id: 'text.access-denied-try-later', enhanced: '4.7.500-899', text: /access denied/, reason: 'speeding', throttle: true, note: 'Exchange Online 4.7.500-699 / 4.7.850-899: access denied, try later (throttling)' },
  { id: 'text.smtp-auth', text: /authentication required|not authenticated|unauthenticated senders|invalid credentials|username and password|log in with your web browser|application-specific password|authentication type/, reason: 'securityerror', note: 'SMTP authentication required or failed (a submission problem)' },
  { id: 'text.at-mail', stage: ['mail'], code: '5xx', reason: 'rejected', note: 'Anything refused at MAIL FROM is about the sender, never the recipient' },
  { id: 'text.size-limit-exceeded', enhanced: 'x.2.3', text: /size|length|too (big|large)/, reason: 'exceedlimit', note: 'x.2.3: message length exceeds an administrative limit' },
  { id: 'text.size', text: /message (size|length) exceeds|too (big|large)|(?<!mailbox )size limit|exceeds? (the )?(fixed )?maximum (message )?size|message size|header size|number of attachments/, reason: 'mesgtoobig', note: 'The message is too large for the receiving system' },
  { id: 'text.not-rfc-compliant', text: /rfc ?5322|rfc ?2822|rfc compliant|not compliant|headers are not/, reason: 'notcompliantrfc', note: 'The message does not conform to RFC 5322' },
  { id: 'text.target-address', text: /rejection on the target address/, reason: 'userunknown', note: 'Rejected for the recipient address itself' },
  { id: 'text.policy', text: /policy|protocol violation|not permitted|not allowed|whitelist/, reason: 'policyviolation', note: 'Refused by the receiver\'s policy; not about the address' },
  { id: 'text.421-system-problem', code: '421', text: /temporary system problem|temporarily unavailable|temporary server error/, reason: 'systemerror', note: 'A 421 for a fault of the receiving system: retry, no need to slow down' },
  { id: 'text.421-try-later', code: '421', text: /try again later|closing (connection|transmission channel)|try later|not available/, reason: 'toomanyconn', throttle: true, note: 'A 421 that closes the connection and asks for later: back off' },
  { id: 'text.user-unknown-at-data-with-status', stage: ['data', 'dot'], enhanced: 'x.1.*', text: USER_UNKNOWN_AT_DATA, reason: 'userunknown', note: 'User unknown after DATA, with a 5.1.x status' },
  { id: 'text.user-unknown-at-data', stage: ['data', 'dot'], text: USER_UNKNOWN_AT_DATA, reason: 'filtered', note: 'A "user unknown" given only after DATA usually comes from a content filter, not the directory' },
];
