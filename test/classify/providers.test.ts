import { describe, expect, it } from 'vitest';
import { classify, type Outcome } from '../../src/classify';
import { KNOWN_PROVIDERS, providerFromMx } from '../../src/classify/provider';

/**
 * Providers' documented replies (docs/vocabulary/providers.tsv names each source) get the verdict
 * their pages give: the whole documented range of a code family, not only the codes a corpus row showed.
 */
type Want = Partial<Outcome>;
const slow: Want = { suppress: false, throttle: true };
const senderSide: Want = { suppress: false, throttle: false };
const dead: Want = { suppress: true, throttle: false };

const DOCUMENTED: Array<[string, string, string | undefined, Want]> = [
  // Spectrum "Understanding email error codes": AUP# ranges, with or without the In/O prefix.
  ['Spectrum 1340 connections, in a 421 "blocked"', '421 cmsmtp 192.0.2.1 blocked AUP#In-1340', undefined, { ...slow, reason: 'toomanyconn', provider: 'spectrum' }],
  ['Spectrum 1310 time-out, in a 550 "sender rejected"', '550 5.1.0 <s@example.com> sender rejected AUP#I-1310', undefined, { ...slow, reason: 'toomanyconn' }],
  ['Spectrum 1450 volume', '550 5.1.0 sender rejected AUP#I-1450', undefined, { ...slow, reason: 'speeding' }],
  ['Spectrum 1580 recipients in a short time', '452 4.5.3 AUP#O-1580', undefined, { ...slow, reason: 'speeding' }],
  ['Spectrum 1220 Spamhaus listing', '554 5.7.1 ESMTP server not available AUP#I-1220', undefined, { ...senderSide, reason: 'blocked' }],
  ['Spectrum 1100 reverse DNS', '554 AUP#I-1100', undefined, { ...senderSide, reason: 'requireptr' }],
  ['Spectrum 1530 size', '552 AUP#O-1530', undefined, { ...senderSide, reason: 'mesgtoobig' }],
  // GoDaddy "Fix rejected email with a bounce error": IB codes end each reply.
  ['GoDaddy IB007 sessions', '421 Connection refused, too many sessions from This IP. Lower the number of concurrent sessions. IB007', undefined, { ...slow, reason: 'toomanyconn', provider: 'godaddy' }],
  ['GoDaddy IB510 messages per session', '550 This message has exceeded the max number of messages per session. Open a new session and try again. IB510', undefined, { ...slow, reason: 'speeding' }],
  ['GoDaddy IB113 blocked for the day (invalid recipients): the sender, never the recipient', '554 This IP has been blocked for the day, for attempting to mail too many invalid recipients. IB113', undefined, { suppress: false, reason: 'blocked' }],
  ['GoDaddy IB103 reputation', '554 Connection refused. This IP has a poor reputation on Cloudmark Sender Intelligence (CSI). IB103', undefined, { ...senderSide, reason: 'badreputation' }],
  ['GoDaddy IB106 PBL', '554 Connection refused. This IP address is listed on the Policy Block List (PBL). IB106', undefined, { ...senderSide, reason: 'blocked' }],
  // Orange and La Poste: the last three digits of OFR/LPN codes name the reason.
  ['La Poste archived mailbox', '550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420', undefined, { ...dead, reason: 'suspend', provider: 'laposte' }],
  ['La Poste blocked recipient account', '550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426', undefined, { ...dead, reason: 'suspend' }],
  ['La Poste 421 code: the sender, not a 5.5.3 recipient limit', '550 5.5.3 Mail from not owned by user. LPN105_421', undefined, { ...senderSide, reason: 'rejected' }],
  ['La Poste too many connections', '421 Too many connections, slow down. LPN105_104', undefined, { ...slow, reason: 'toomanyconn' }],
  ['Orange OFR_999 try later', '421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]', undefined, { ...slow, reason: 'blocked', provider: 'orange' }],
  ['Orange OFR_514 size under 5.7.1', '552 5.7.1 Taille limite du message atteinte OFR_514', undefined, { ...senderSide, reason: 'mesgtoobig' }],
  ['Orange OFR_417 full mailbox', '552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]', undefined, { suppress: false, reason: 'mailboxfull' }],
  // Mimecast SMTP error codes: read when the reply names Mimecast (its DOC-1369 link) or comes from its MX.
  ['Mimecast concurrent inbound connections', '451 Account service is temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451', undefined, { ...slow, reason: 'toomanyconn', provider: 'mimecast' }],
  ['Mimecast outbound thread limit', '550 Exceeding outbound thread limit', 'us-smtp-inbound-1.mimecast.com', { ...slow, reason: 'toomanyconn' }],
  ['Mimecast "recipient temporarily unavailable" is the sending IP on a block list', '451 Recipient temporarily unavailable', 'eu-smtp-inbound-1.mimecast.com', { suppress: false, reason: 'blocked' }],
  ['Mimecast TLS route', '553 This route requires encryption (TLS)', 'us-smtp-inbound-1.mimecast.com', { ...senderSide, reason: 'securityerror' }],
  ['Mimecast account inbounds disabled is no disabled mailbox', '451 Account inbounds disabled', 'us-smtp-inbound-1.mimecast.com', { ...senderSide, reason: 'onhold' }],
  // Cox: texts without an AUP# code mean what Cox says only from Cox.
  ['Cox recipient rejected', '550 recipient rejected', 'cxr.mx.a.cox.net', { ...dead, reason: 'userunknown', provider: 'cox' }],
  ['Cox bad commands: a three-hour IP block', '421 cox too many bad commands from 192.0.2.1', undefined, { ...slow, reason: 'blocked', provider: 'cox' }],
  ['Cox URL block list', '554 message rejected AUP#URLBL011', undefined, { ...senderSide, reason: 'spamdetected' }],
  ['Cox IPBL with five digits', '554 192.0.2.1 rejected AUP#IPBL00001', undefined, { ...senderSide, reason: 'blocked' }],
  // QQ Mail: "mailbox unavailable" here is a flooded recipient, not a dead one.
  ['QQ flooded recipient', '550 Mailbox unavailable or access denied [MJxxx] https://service.mail.qq.com/detail/122/166', undefined, { ...slow, reason: 'speeding', provider: 'qq' }],
  ['QQ recipient refuses this sender', '550 Mail is rejected by recipients https://service.mail.qq.com/detail/122/92', undefined, { ...dead, reason: 'filtered' }],
  // Trend Micro Deep Discovery Email Inspector: its sender filtering blocks the sending side.
  ['Trend Micro DDEI temporary block: one code for throttling and SPF/DKIM/DMARC failures alike, so no throttle', '421 Block temporarily (Sender Filtering/Authentication)', undefined, { ...senderSide, reason: 'blocked' }],
  ['Trend Micro DDEI permanent block', '521 Block permanently (Sender Filtering/Authentication)', undefined, { ...senderSide, reason: 'blocked' }],
  // Exchange Online's own enhanced codes decide by themselves, under generic words ("Access denied",
  // "Delivery not authorized") that would otherwise read as a security refusal; only the 5.x.x forms:
  // the same numbers under 4.7 are its "try again later" throttling.
  ['Exchange Online 5.7.508 permitted limits, under "Access denied"', '550 5.7.508 Access denied', undefined, { ...slow, reason: 'speeding' }],
  ['Exchange Online 5.2.122 per-hour receive limit, code alone', '550 5.2.122 Delivery failed', undefined, { ...slow, reason: 'speeding' }],
  ['Exchange Online 5.7.124 allowed-senders list, under "Delivery not authorized"', '550 5.7.124 Delivery not authorized', undefined, { ...dead, reason: 'filtered' }],
  ['Exchange Online 5.7.510 IPv6: the sender\'s way in, not the mailbox', '550 5.7.510 Access denied', undefined, { ...senderSide, reason: 'networkerror' }],
  ['Exchange Online 4.7.612 is "try again later", not the banned-IP 5.7.606-649', '451 4.7.612 Access denied', undefined, { ...slow, reason: 'speeding' }],
  ['Exchange Online 4.7.504 is "try again later", not the banned recipient 5.7.504', '451 4.7.504 Access denied', undefined, { ...slow, reason: 'speeding' }],
  ['Exchange Online 4.7.870 IP restricted for a while', '451 4.7.870 Access denied, please try again later', undefined, { ...slow, reason: 'speeding' }],
  ['a 4.7.700 "agent busy" is none of Exchange Online\'s throttling codes', '451 4.7.700 PFA agent busy, please try again. [x.prod.protection.outlook.com]', undefined, { suppress: false, throttle: false }],
  // Orange OFR_418 "archived recipient": the same concept in the other languages the rules read.
  ['archived mailbox, German', '550 Postfach archiviert', undefined, { ...dead, reason: 'suspend' }],
  ['archived mailbox, Spanish', '550 5.2.1 Buzón archivado', undefined, { ...dead, reason: 'suspend' }],
  ['archived mailbox, Italian', '550 Casella archiviata', undefined, { ...dead, reason: 'suspend' }],
  ['archived mailbox, Portuguese', '550 Caixa de correio arquivada', undefined, { ...dead, reason: 'suspend' }],
  ['archived mailbox, French with accents', '550 Compte archivé', undefined, { ...dead, reason: 'suspend' }],
  ['an archived mailbox in a 4xx is never suppressed', '450 Postfach archiviert', undefined, { suppress: false }],
  // GMX / WEB.DE: multi-line replies whose first line ("mailbox unavailable") is a wrapper; the later line decides.
  ['GMX configuration refusal under its "mailbox unavailable" first line', '550-Requested action not taken: mailbox unavailable\r\n550-Syntax error in parameters or arguments\r\n550 For explanation visit https://postmaster.web.de/en/error-messages?ip=192.0.2.1', undefined, { ...senderSide, reason: 'blocked', provider: 'gmx' }],
  ['GMX policy refusal under the same first line', '550-Requested action not taken: mailbox unavailable 550-Reject due to policy restrictions. 550 For explanation visit http://postmaster.gmx.com/en/error-messages?ip=192.0.2.1&c=poli', undefined, { ...senderSide }],
  ['GMX first line alone: the mailbox does not exist', '550 Requested action not taken: mailbox unavailable', 'mx00.gmx.net', { ...dead }],
  // Trellix Email Security - Cloud "Error codes": ETP100-106, the type (Reject or Defer) decides, not the words.
  ['Trellix ETP102: the customer\'s server rejected the recipient', '550 Invalid recipient ETP102', undefined, { ...dead, reason: 'userunknown' }],
  ['Trellix ETP103 says "invalid recipient" but defers: never suppressed', 'Invalid recipient ETP103', undefined, { suppress: false, throttle: false, reason: 'systemerror' }],
  ['Trellix ETP105: a domain set up wrongly on the gateway', '550 Invalid domain mode ETP105', undefined, { suppress: false }],
  ['the same words from an unknown server keep their usual meaning', '550 Mailbox unavailable or access denied', undefined, { suppress: true, provider: null }],
];

describe('providers\' documented code lists', () => {
  it.each(DOCUMENTED)('%s', (_name, reply, mx, want) => {
    expect(classify({ reply, mx })).toMatchObject(want);
  });
});

const MX_HOSTS: Array<[string, string]> = [
  ['cxr.mx.a.cox.net', 'cox'],
  ['mx0.charter.net', 'spectrum'],
  ['hrndva-smtpin01.mail.rr.com', 'spectrum'],
  ['ff-ip4-mx-vip1.prodigy.net', 'att'],
  ['mx00.t-online.de', 'tonline'],
  ['163mx01.mxmail.netease.com', 'netease'],
  ['mx1.free.fr', 'free'],
  ['smtp-in.sfr.fr', 'sfr'],
  ['mx1.mail.naver.com', 'naver'],
  ['mx-01-eu-west-1.prod.hydra.sophos.com', 'sophos'],
  ['example-com.mail.eu1.in.tmes.trendmicro.eu', 'trendmicro'],
  ['mx1.hc1234-56.iphmx.com', 'cisco'],
  ['smtpz4.laposte.net', 'laposte'],
  ['smtp-in.orange.fr', 'orange'],
  ['mx.yandex.ru', 'yandex'],
  ['mxs.mail.ru', 'mailru'],
  ['mx00.web.de', 'gmx'],
  ['mx.zoho.eu', 'zoho'],
  // Not a provider's host: a suffix only matches at a label boundary.
  ['mail.notcox.net', ''],
];

const MARKERS: Array<[string, string]> = [
  ['421 4.7.0 cmsmtp 192.0.2.1 Too many connections AUP#I-1310', 'spectrum'],
  ['554 AUP#CXBL ip blocked', 'cox'],
  ['550 5.7.1 192.0.2.1 blocked, contact abuse_rbl@abuse-att.net', 'att'],
  ['550 5.2.1 <x@prodigy.net>... Addressee unknown, relay=[192.0.2.1]', 'att'],
  ['554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.)', 'tonline'],
  ['451 MI:SFQ Sender frequency over quota', 'netease'],
  ['550 5.7.1 LPN007_517 DMARC', 'laposte'],
  ['550 5.7.1 XGEMAIL_0011 Unknown recipient', 'sophos'],
  ['550 Rejected by ERS-RBL', 'trendmicro'],
];

describe('provider recognition', () => {
  it.each(MX_HOSTS)('MX %s', (mx, provider) => {
    expect(providerFromMx(mx)).toBe(provider || null);
  });

  it.each(MARKERS)('reply markers: %s', (reply, provider) => {
    expect(classify(reply).provider).toBe(provider);
  });

  it('lists every recognised provider for the throttle settings', () => {
    for (const p of MX_HOSTS.map(([, id]) => id).filter(Boolean)) expect(KNOWN_PROVIDERS).toContain(p);
  });
});
