/**
 * Recognises the mailbox provider or gateway behind a reply, from the MX host when known, else from
 * markers the provider puts in its replies (documented in the providers' postmaster pages).
 */
interface ProviderSign {
  provider: string;
  mx: RegExp;
  text: RegExp;
}

const SIGNS: ProviderSign[] = [
  { provider: 'google', mx: /(^|\.)(google\.com|googlemail\.com)$/, text: /gsmtp|support\.google\.com|\bgmail\b/ },
  {
    provider: 'microsoft',
    mx: /(^|\.)(outlook\.com|hotmail\.com|protection\.outlook\.com|office365\.com)$/,
    text: /outlook\.com|microsoft\.com|office\.com|mail\.live\.com|postmaster\.live\.com|resolver\.adr|storedrv|\bqueue\.expired/,
  },
  { provider: 'yahoo', mx: /(^|\.)(yahoodns\.net|yahoo\.com|aol\.com)$/, text: /yahoo|\[ts[s]?\d\d\]|aol\.com/ },
  { provider: 'apple', mx: /(^|\.)(icloud\.com|me\.com|mac\.com)$/, text: /icloud|\bme\.com|support\.apple\.com|\[cs01\]|\[hme1\]/ },
  { provider: 'godaddy', mx: /(^|\.)secureserver\.net$/, text: /secureserver|\bib\d{3}\b|x\.co\/(sr|rl)bounce/ },
  { provider: 'orange', mx: /(^|\.)(orange\.fr|wanadoo\.fr)$/, text: /\bofr\d*_\d+|mwinf\w{1,20} me |orange\.fr|wanadoo\.fr/ },
  // La Poste runs its own MXs (smtpz4.laposte.net) and prints LPNnnn_nnn codes.
  { provider: 'laposte', mx: /(^|\.)laposte\.(net|fr)$/, text: /\blpn(aaa)?\d*_\d+|laposte/ },
  { provider: 'gmx', mx: /(^|\.)(gmx\.net|gmx\.de|web\.de|1and1\.com|kundenserver\.de|ionos\.\w+)$/, text: /\bgmx\b|web\.de|1and1|united internet/ },
  { provider: 'mailru', mx: /(^|\.)mail\.ru$/, text: /mail\.ru/ },
  { provider: 'yandex', mx: /(^|\.)(yandex\.(ru|net|com)|ya\.ru)$/, text: /yandex|ya\.cc/ },
  { provider: 'comcast', mx: /(^|\.)comcast\.net$/, text: /comcast/ },
  { provider: 'qq', mx: /(^|\.)qq\.com$/, text: /\bqq\.com|exmail\.qq/ },
  { provider: 'zoho', mx: /(^|\.)zoho\.(com|eu|in)$/, text: /\bzoho\b/ },
  { provider: 'proofpoint', mx: /(^|\.)(pphosted\.com|ppe-hosted\.com)$/, text: /proofpoint|pphosted/ },
  { provider: 'mimecast', mx: /(^|\.)mimecast\.com$/, text: /mimecast|mcspamsignature/ },
  { provider: 'barracuda', mx: /(^|\.)barracudanetworks\.com$/, text: /barracuda/ },
  // Cox (cxr.mx.a.cox.net) prints AUP#CX..., AUP#CDRBL, AUP#IPBL..., AUP#URLBL... codes.
  { provider: 'cox', mx: /(^|\.)cox\.net$/, text: /\bcox\.(net|com)\b|\baup#(cx|cdrbl|ipbl|urlbl)|\bcox too many\b/ },
  // Spectrum/Charter (charter.net, rr.com, twc.com, brighthouse.com) prints AUP#I-nnnn / AUP#O-nnnn.
  {
    provider: 'spectrum',
    mx: /(^|\.)(charter\.net|rr\.com|twc\.com|brighthouse\.com|spectrum\.net)$/,
    text: /\baup#(in?-|o-|)\d{4}\b|charter\.net|spectrum\.net|\brr\.com\b/,
  },
  // AT&T: its own MXs (att.net, sbcglobal.net, bellsouth.net, prodigy.net) and abuse_rbl@abuse-att.net in its blocks.
  { provider: 'att', mx: /(^|\.)(att\.net|sbcglobal\.net|bellsouth\.net|prodigy\.net)$/, text: /\batt\.net\b|abuse-att|\bsbcglobal\.net\b|\bbellsouth\.net\b|\bprodigy\.net\b/ },
  { provider: 'tonline', mx: /(^|\.)t-online\.de$/, text: /t-online\.de/ },
  // NetEase (163.com, 126.com, yeah.net) prints two-letter:three-letter codes (HL:REP, MI:SFQ, RP:QRC, DT:SPM).
  {
    provider: 'netease',
    mx: /(^|\.)(163\.com|126\.com|yeah\.net|netease\.com|188\.com)$/,
    text: /\b(hl:|mi:|rp:|dt:|wm:)[a-z]{3}\b|netease|\b163\.com\b|\b126\.com\b/,
  },
  { provider: 'free', mx: /(^|\.)free\.fr$/, text: /\bfree\.fr\b/ },
  { provider: 'sfr', mx: /(^|\.)(sfr\.fr|neuf\.fr|club-internet\.fr)$/, text: /\bsfr_in_|\bsfr\.fr\b/ },
  { provider: 'naver', mx: /(^|\.)naver\.com$/, text: /\bnaver\.com\b/ },
  // Sophos Central Email (*.hydra.sophos.com) prints XGEMAIL_00nn codes.
  { provider: 'sophos', mx: /(^|\.)sophos\.com$/, text: /\bxgemail_\d|sophos/ },
  // Trend Micro Email Security (*.tmes.trendmicro.com / .eu) and its ERS tokens.
  { provider: 'trendmicro', mx: /(^|\.)trendmicro\.(com|eu)$/, text: /trend ?micro|\bers-(qil|rbl|dul)\b/ },
  // Cisco Secure Email cloud gateways answer from *.iphmx.com (IronPort).
  { provider: 'cisco', mx: /(^|\.)iphmx\.com$/, text: /iphmx|ironport/ },
];

export const KNOWN_PROVIDERS: readonly string[] = SIGNS.map((s) => s.provider);

/** The provider that runs an MX host, or null. */
export function providerFromMx(mx: string | undefined): string | null {
  if (!mx) return null;
  const host = mx.toLowerCase().replace(/\.$/, '').replace(/:\d+$/, '');
  for (const s of SIGNS) if (s.mx.test(host)) return s.provider;
  return null;
}

/** The text markers in order, for a caller that screens a reply for them first (the classifier's gate). */
export const PROVIDER_TEXT_MARKERS: readonly RegExp[] = SIGNS.map((s) => s.text);

/**
 * The provider named by markers in a lower-cased reply, or null, testing only the markers that
 * `possible[offset + i]` says the text may contain (the classifier's gate screened them).
 */
export function providerFromScreenedText(text: string, possible: Uint8Array, offset: number): string | null {
  for (let i = 0; i < SIGNS.length; i += 1) {
    if (possible[offset + i] === 1 && SIGNS[i].text.test(text)) return SIGNS[i].provider;
  }
  return null;
}
