import type { RuleSpec } from '../rule';

/**
 * Provider rules: what a provider's documented replies mean. Sources: Google "Gmail SMTP errors and
 * codes", Microsoft "Email non-delivery reports in Exchange Online", Yahoo Sender Hub error codes,
 * Apple iCloud mail support, GoDaddy "IB" bounce codes, Orange/La Poste postmaster pages, Tencent
 * and Mimecast/Proofpoint/Barracuda error code pages, and samples in the corpus.
 */
export const PROVIDER_RULES: RuleSpec[] = [
  // Google
  { id: 'google.receiving-rate', provider: 'google', text: /receiving (e-?mail|mail) (at a rate|too quickly)/, reason: 'speeding', throttle: true, permanent: false, suppress: false, note: 'Gmail 450/550 4.2.1/5.2.1: the recipient receives too fast; retry later, the address is fine' },
  { id: 'google.unusual-rate', provider: 'google', text: /unusual rate|exceeded the quota for sending/, reason: 'speeding', throttle: true, note: 'Gmail 4.7.28 / 5.7.28: unusual rate from your IP, domain or URLs' },
  { id: 'google.auth-rate-limited', provider: 'google', enhanced: '4.7.*', text: /rate limited because (spf|dkim|there is no dmarc)|spf record of the sending domain/, reason: 'authfailure', throttle: true, note: 'Gmail 4.7.24/27/30/32: rate limited until SPF, DKIM or DMARC pass' },
  { id: 'google.ptr-rate-limited', provider: 'google', text: /ptr record/, reason: 'requireptr', throttle: 'when-transient', note: 'Gmail 4.7.23 / 5.7.25: no PTR or PTR mismatch' },
  { id: 'google.tls-required', provider: 'google', text: /not using a tls|over a tls connection/, reason: 'securityerror', throttle: 'when-transient', note: 'Gmail 4.7.29 / 5.7.29: bulk senders must use TLS' },
  { id: 'google.low-reputation-deferred', provider: 'google', code: '4xx', text: /reputation|unsolicited mail originating/, reason: 'badreputation', throttle: true, note: 'Gmail 421 4.7.0: deferred for low IP or domain reputation; back off' },
  { id: 'google.low-reputation', provider: 'google', text: /reputation of the sending/, reason: 'badreputation', note: 'Gmail 550 5.7.1: blocked for low IP or domain reputation' },
  { id: 'google.suspicious-content', provider: 'google', text: /nature of the content|likely unsolicited|spam classification/, reason: 'spamdetected', throttle: 'when-transient', note: 'Gmail: content or links look like spam (a 421 deferral asks to back off)' },
  { id: 'google.not-rfc5322', provider: 'google', text: /not rfc 5322 compliant|encoded-word syntax|unicode character in a disallowed header|multiple addresses in (the )?from|missing a valid address in (the )?from/, reason: 'notcompliantrfc', note: 'Gmail 5.7.1: header not RFC 5322 compliant' },
  { id: 'google.over-quota-temp', provider: 'google', enhanced: '4.2.2', reason: 'mailboxfull', note: 'Gmail 452 4.2.2 OverQuotaTemp' },
  { id: 'google.inactive-full', provider: 'google', text: /out of storage space and inactive/, reason: 'mailboxfull', suppress: true, note: 'Gmail 552 5.2.2: the full mailbox is also inactive, so it will not be emptied' },
  { id: 'google.over-quota', provider: 'google', text: /over quota|out of storage/, reason: 'mailboxfull', note: 'Gmail 552 5.2.2 OverQuotaPerm: long-term, not a dead address' },
  { id: 'google.disabled', provider: 'google', text: /account that you tried to reach is (disabled|inactive)|is inactive\b/, reason: 'suspend', suppress: true, note: 'Gmail 5.2.1 DisabledUser' },
  { id: 'google.no-such-user', provider: 'google', text: /does not exist|nosuchuser/, reason: 'userunknown', note: 'Gmail 550 5.1.1 NoSuchUser' },
  { id: 'google.relay-limit', provider: 'google', text: /relay (sending )?limit exceeded|daily user sending limit|daily sending quota/, reason: 'speeding', throttle: true, permanent: false, note: 'Google Workspace SMTP relay / user sending quotas' },
  { id: 'google.not-authorized-ip', provider: 'google', text: /not authorized to send (e-?mail|mail) directly/, reason: 'blocked', note: 'Gmail 5.7.1: IP must relay through its provider' },
  { id: 'google.size', provider: 'google', text: /size limit|exceeds google's limit|number of attachments/, reason: 'mesgtoobig', note: 'Gmail 552 5.2.3 / 5.3.4' },
  // Microsoft
  { id: 'microsoft.recipient-not-found', provider: 'microsoft', text: /resolver\.adr\.recip(ient)?notfound|recipient not found by smtp address lookup/, reason: 'userunknown', note: 'Exchange Online 5.1.10 / 5.1.1 RecipientNotFound' },
  { id: 'microsoft.edge-block-rcpt', provider: 'microsoft', code: '5xx', enhanced: '5.4.1', text: /access denied/, reason: 'userunknown', note: 'Exchange Online 5.4.1: directory-based edge blocking, the recipient does not exist in the tenant' },
  { id: 'microsoft.rate-ip-reputation', provider: 'microsoft', text: /rate limited due to ip reputation|temporarily rate limited/, reason: 'speeding', throttle: true, note: 'Outlook 451 4.7.650/651 (S3114): rate limited due to IP reputation' },
  { id: 'microsoft.recipient-rate', provider: 'microsoft', text: /exceeded the limit for the number of messages|recipient thread limit|organization queue quota/, reason: 'speeding', throttle: true, permanent: false, note: 'Exchange Online 5.2.121 / 4.3.2 / 4.7.3 per-recipient or per-tenant rate limits' },
  { id: 'microsoft.banned-ip', provider: 'microsoft', enhanced: '5.7.*', text: /banned sending ip|block list|weren't sent/, reason: 'blocked', note: 'Outlook 5.7.606-649, S3150: sending IP on Microsoft block list' },
  { id: 'microsoft.dmarc', provider: 'microsoft', text: /dmarc|authentication (level|requirements)|must pass either spf or dkim/, reason: 'authfailure', note: 'Exchange Online 5.7.509 / 5.7.515 / 4.7.26' },
  { id: 'microsoft.expired', provider: 'microsoft', text: /queue\.expired|message expired/, reason: 'expired', note: 'Exchange Online 4.4.7 / 5.4.300 QUEUE.Expired' },
  { id: 'microsoft.x.7.501-503', enhanced: 'x.7.501-503', reason: 'blocked', note: 'Exchange Online, recognised by the code alone: 5.7.501-503 spam abuse, banned sender' },
  { id: 'microsoft.x.7.504-505', enhanced: 'x.7.504-505', reason: 'userunknown', note: 'Exchange Online, recognised by the code alone: 5.7.504/505 recipient rejected or banned' },
  { id: 'microsoft.x.7.511', enhanced: 'x.7.511', reason: 'blocked', note: 'Exchange Online, recognised by the code alone: 5.7.511 banned sender' },
  { id: 'microsoft.x.7.606-649', enhanced: 'x.7.606-649', reason: 'blocked', note: 'Exchange Online, recognised by the code alone: 5.7.606-649: banned sending IP' },
  { id: 'microsoft.x.7.700-750', enhanced: 'x.7.700-750', reason: 'blocked', note: 'Exchange Online, recognised by the code alone: 5.7.700-750: tenant or IP not accepted' },
  // Yahoo / AOL
  { id: 'yahoo.permanently-deferred', provider: 'yahoo', text: /permanently deferred|retrying will not succeed/, reason: 'blocked', permanent: true, note: 'Yahoo [TS03]/[TSS09]: all messages from the IP permanently deferred; not the recipient' },
  { id: 'yahoo.complaints-deferred', provider: 'yahoo', text: /temporarily deferred|\[tss?0[1-4]\]/, reason: 'badreputation', throttle: true, permanent: false, note: 'Yahoo 421 4.7.0 [TS01]/[TSS04]: deferred for volume or complaints; back off' },
  { id: 'yahoo.unauthenticated', provider: 'yahoo', text: /unauthenticated|authenticate with either spf or dkim|dm email not accepted/, reason: 'authfailure', note: 'Yahoo 5.7.9 / 554 DM: sender not authenticated, or DMARC' },
  { id: 'yahoo.policy', provider: 'yahoo', text: /not accepted for policy reasons|message not allowed/, reason: 'policyviolation', note: 'Yahoo 554 5.7.9 / Yahoo Japan: policy reasons' },
  { id: 'yahoo.no-account', provider: 'yahoo', text: /doesn't have an? \S+ account/, reason: 'userunknown', note: "Yahoo 554 'dd This user doesn't have a yahoo.com account'" },
  { id: 'yahoo.spamhaus', provider: 'yahoo', text: /spamhaus|\[bl2\d\]/, reason: 'blocked', note: 'Yahoo [BL23]: connections from IPs on Spamhaus' },
  // Apple
  { id: 'apple.local-policy', provider: 'apple', text: /\[cs01\]|local policy/, reason: 'policyviolation', note: 'iCloud 5.7.1 [CS01]: rejected by local policy (sender reputation/content)' },
  { id: 'apple.dmarc', provider: 'apple', text: /dmarc|\[hme1\]|spf and dkim/, reason: 'authfailure', note: 'iCloud 5.7.1: DMARC or SPF+DKIM failure' },
  { id: 'apple.inactive', provider: 'apple', text: /inactive email address|user not found|user does not exist/, reason: 'userunknown', note: 'iCloud 550 5.1.1: the address does not exist or is inactive' },
  { id: 'apple.not-accepting', provider: 'apple', text: /not accepting connections/, reason: 'blocked', note: 'iCloud 554 greeting: the sending IP is refused' },
  { id: 'apple.too-many-errors', provider: 'apple', text: /too many errors/, reason: 'blocked', throttle: true, note: 'iCloud 421 4.7.0: too many errors, the connection is dropped' },
  // GoDaddy (IBxxx codes)
  { id: 'godaddy.rate', provider: 'godaddy', text: /\bib(504|607)\b|too many (messages|recipients) this hour/, reason: 'speeding', throttle: true, permanent: false, suppress: false, note: 'GoDaddy IB504 / IB607: hourly limits' },
  { id: 'godaddy.temporarily-blocked', provider: 'godaddy', text: /\bib11[02]\b|temporarily blocked/, reason: 'blocked', throttle: true, permanent: false, note: 'GoDaddy IB110 / IB112: IP temporarily blocked' },
  { id: 'godaddy.spf', provider: 'godaddy', text: /\bib508\b|spf/, reason: 'authfailure', note: 'GoDaddy IB508: SPF failure' },
  { id: 'godaddy.from', provider: 'godaddy', text: /\bib50[126]\b/, reason: 'rejected', note: 'GoDaddy IB501/502/506: invalid From' },
  { id: 'godaddy.rdns', provider: 'godaddy', text: /\bib108\b|reverse dns/, reason: 'requireptr', note: 'GoDaddy IB108: reverse DNS failed' },
  { id: 'godaddy.xbl', provider: 'godaddy', text: /\bib105\b|block list/, reason: 'blocked', note: 'GoDaddy IB105: listed on the XBL' },
  { id: 'godaddy.too-many-rcpts', provider: 'godaddy', text: /\bib605\b/, reason: 'exceedlimit', note: 'GoDaddy IB605: too many recipients in one message' },
  { id: 'godaddy.virus', provider: 'godaddy', text: /\bib705\b/, reason: 'virusdetected', note: 'GoDaddy IB705' },
  // Orange / La Poste
  { id: 'orange.too-many-connections', provider: 'orange', text: /too many connections|trop de connexions/, reason: 'toomanyconn', throttle: true, note: 'Orange OFR005_104' },
  { id: 'orange.service-refused', provider: 'orange', text: /service refus/, reason: 'blocked', throttle: 'when-transient', note: 'Orange OFR_999 / OFR006_103, La Poste LPN006: service refused, try later' },
  { id: 'orange.invalid-recipient', provider: 'orange', text: /invalid recipient|destinataire invalide|_416\b/, reason: 'userunknown', note: 'Orange OFR_416, La Poste LPN007_416' },
  { id: 'orange.blocked-account', provider: 'orange', text: /recipient account is blocked|compte du destinataire est bloque/, reason: 'suspend', suppress: true, note: 'La Poste LPN007_426' },
  { id: 'orange.invalid-sender', provider: 'orange', text: /invalid sender|emetteur invalide/, reason: 'rejected', note: 'Orange OFR004_405' },
  { id: 'orange.mail-rejected', provider: 'orange', text: /mail rejete|ofr_?506/, reason: 'spamdetected', note: 'Orange OFR_506: message refused as spam' },
  { id: 'orange.dmarc', provider: 'orange', text: /dmarc/, reason: 'authfailure', note: 'La Poste LPN007_517' },
  // Tencent QQ
  { id: 'qq.frequency', provider: 'qq', text: /frequency limited/, reason: 'toomanyconn', throttle: true, permanent: false, note: 'QQ 550 Ip/Connection frequency limited' },
  { id: 'qq.mailbox-not-found', provider: 'qq', text: /mailbox not found|bad address syntax/, reason: 'userunknown', note: 'QQ 1000728 / 1000730' },
  { id: 'qq.content', provider: 'qq', text: /content denied/, reason: 'spamdetected', note: 'QQ 1000726' },
  // Comcast
  { id: 'comcast.block', provider: 'comcast', text: /block for spam|\bbl\d{6}/, reason: 'blocked', note: 'Comcast BL000000: IP blocked for spam' },
  { id: 'comcast.dmarc', provider: 'comcast', text: /dmarc/, reason: 'authfailure', note: 'Comcast DM000001' },
  { id: 'comcast.recipient-unavailable', provider: 'comcast', text: /recipient unavailable/, reason: 'userunknown', note: 'Comcast 550 5.2.0 <addr> Recipient unavailable' },
  { id: 'comcast.too-many-recent', provider: 'comcast', text: /too many recent messages/, reason: 'speeding', throttle: true, suppress: false, note: 'Comcast 452 4.1.1 too many recent messages to this recipient' },
  // Zoho
  { id: 'zoho.mail-policy', provider: 'zoho', text: /mailpolicy violation/, reason: 'policyviolation', note: 'Zoho 554 5.2.3 MailPolicy violation (not a size limit)' },
  // Gateways
  { id: 'mimecast.reputation', provider: 'mimecast', text: /poor reputation|host network not allowed/, reason: 'blocked', note: 'Mimecast 550/554: sender reputation or network blocked' },
  { id: 'mimecast.security-policy', provider: 'mimecast', text: /security policies|mcspamsignature/, reason: 'spamdetected', note: 'Mimecast 554: rejected by a spam signature' },
  { id: 'proofpoint.blocked', provider: 'proofpoint', text: /blocked|dnsbl/, reason: 'blocked', note: 'Proofpoint 554 Blocked - see ipcheck.proofpoint.com' },
  { id: 'barracuda.blocked', provider: 'barracuda', text: /blocked|barracudacentral/, reason: 'blocked', throttle: 'when-transient', note: 'Barracuda: client host blocked using b.barracudacentral.org' },
];
