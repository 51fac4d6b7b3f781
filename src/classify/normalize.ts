/**
 * Masks what varies between otherwise identical replies (local parts of addresses, IP addresses,
 * queue and session ids), so that one classification serves every repetition. Domains stay: they
 * name providers. Enhanced codes stay: they are short and dotted, never masked.
 */
import { withLineBreaks } from './parse';

const IPV6 = /[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}/g;
export const LOCAL_PART_STOP = new Uint8Array(128);
// A line break too: "...was:\n550-kijitora@" starts its address after it.
for (const c of ' \t\r\n<>()[]@"\',;:') LOCAL_PART_STOP[c.charCodeAt(0)] = 1;

export function normalizeReplyText(lowerCased: string): string {
  // Before masking: "\\n550-" read as one run would be masked as an id.
  const lines = withLineBreaks(lowerCased);
  const s = maskIpv4AndIds(lines.includes('@') ? maskLocalParts(lines) : lines);
  return s.includes('::') ? s.replace(IPV6, '::') : s;
}

/**
 * Masks IPv4 addresses (four dotted groups of 1-3 digits → 0.0.0.0) and ids (runs of [a-z0-9+=-]
 * of 10 or more with both digits and letters, or of 6 or more digits → #). Both need a digit, so
 * only the runs around a digit are looked at, and a regex finds the next digit: most of a reply is
 * words, skipped at regex speed (a character-by-character scan of every run cost four times more).
 * Outputs are joined, not concatenated: a concatenated (rope) string makes every later charCodeAt
 * and regex walk the rope, which tripled the cost of classifying.
 */
function maskIpv4AndIds(s: string): string {
  const parts: string[] = [];
  let from = 0;
  let done = 0;
  NEXT_DIGIT.lastIndex = 0;
  while (NEXT_DIGIT.test(s)) {
    let start = NEXT_DIGIT.lastIndex - 1;
    while (start > done && kindOf(s.charCodeAt(start - 1)) !== OTHER) start -= 1;
    if (isContinuation(s, start)) start += 4;
    let end = start;
    let digits = 0;
    let letters = 0;
    for (let kind = kindOf(s.charCodeAt(end)); kind !== OTHER; kind = kindOf(s.charCodeAt(end))) {
      if (kind === DIGIT) digits += 1;
      else if (kind === LETTER) letters += 1;
      end += 1;
    }
    const ipStart = s.charCodeAt(end) === 46 ? trailingDigitsStart(s, start, end) : -1;
    const ipEnd = ipStart < 0 ? -1 : ipv4End(s, ipStart);
    if (ipEnd > 0) {
      parts.push(s.slice(from, ipStart), '0.0.0.0');
      from = ipEnd;
      end = ipEnd;
    } else if (isId(end - start, digits, letters)) {
      parts.push(s.slice(from, start), '#');
      from = end;
    }
    done = end;
    NEXT_DIGIT.lastIndex = end;
  }
  if (from === 0) return s;
  parts.push(s.slice(from));
  return parts.join('');
}

const NEXT_DIGIT = /\d/g;

function kindOf(c: number): number {
  return c < 128 ? KIND[c] : OTHER;
}

export const OTHER = 0;
export const DIGIT = 1;
export const LETTER = 2;
const SIGN = 3;
/** What each ASCII character is to an id: a digit, a letter, one of '+=-', or other. A table: this loop runs on every character. */
export const KIND = (() => {
  // 256 long: the byte form reads bytes of UTF-8 characters here, which are OTHER as their characters are.
  const kinds = new Uint8Array(256);
  for (let c = 48; c <= 57; c += 1) kinds[c] = DIGIT;
  for (let c = 97; c <= 122; c += 1) kinds[c] = LETTER;
  // '_' is left out: provider markers such as LPN006_107 or OFR006_103 must survive.
  for (const c of '+=-') kinds[c.charCodeAt(0)] = SIGN;
  return kinds;
})();

/** `550-` at p: a multi-line reply's code, not the start of an id (`550-spf-check` keeps its words). */
function isContinuation(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  return (c === 50 || c === 52 || c === 53) && isDigit(s.charCodeAt(p + 1)) && isDigit(s.charCodeAt(p + 2)) && s.charCodeAt(p + 3) === 45;
}

export function isId(length: number, digits: number, letters: number): boolean {
  return (length >= 10 && digits > 0 && letters > 0) || (length >= 6 && digits === length);
}

/** Where the last (at most three) digits of the run [start, end) begin, or -1 if it does not end in a digit. */
function trailingDigitsStart(s: string, start: number, end: number): number {
  let p = end;
  while (p > start && p > end - 3 && isDigit(s.charCodeAt(p - 1))) p -= 1;
  return p === end ? -1 : p;
}

/** The end of an IPv4 address starting at p (d.d.d.d, 1-3 digits each), or -1. */
function ipv4End(s: string, p: number): number {
  let q = p;
  for (let group = 0; group < 4; group += 1) {
    const begin = q;
    while (q < s.length && q - begin < 3 && isDigit(s.charCodeAt(q))) q += 1;
    if (q === begin) return -1;
    if (group === 3) return q;
    if (s.charCodeAt(q) !== 46) return -1;
    q += 1;
  }
  return -1;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `kijitora@example.jp` → `x@example.jp`, walking back from each '@' (a regex here backtracks badly). */
function maskLocalParts(s: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let at = s.indexOf('@'); at !== -1; at = s.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && !endsLocalPart(s.charCodeAt(start - 1))) start -= 1;
    // "550-kijitora@..." on a continuation line: the code is not the address's.
    if (isContinuation(s, start)) start += 4;
    if (start === at) continue;
    parts.push(s.slice(from, start), 'x');
    from = at;
  }
  parts.push(s.slice(from));
  return parts.join('');
}

function endsLocalPart(c: number): boolean {
  return c < 128 && LOCAL_PART_STOP[c] === 1;
}
