/**
 * Masks what varies between otherwise identical replies (local parts of addresses, IP addresses,
 * queue and session ids), so that one classification serves every repetition. Domains stay: they
 * name providers. Enhanced codes stay: they are short and dotted, never masked.
 */
const IPV4 = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
const IPV6 = /[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}/g;
const LOCAL_PART_STOP = new Set([...' \t<>()[]@"\',;:']);

export function normalizeReplyText(lowerCased: string): string {
  let s = lowerCased.includes('@') ? maskLocalParts(lowerCased) : lowerCased;
  if (s.includes('.')) s = s.replace(IPV4, '0.0.0.0');
  if (s.includes('::')) s = s.replace(IPV6, '::');
  return maskIds(s);
}

/**
 * Masks ids: runs of [a-z0-9+=-] of 10 or more with both digits and letters, and runs of 6 or
 * more digits. A hand-written scan: the equivalent regex restarts inside every run and costs 10x.
 * Outputs are joined, not concatenated: a concatenated (rope) string makes every later charCodeAt
 * and regex walk the rope, which tripled the cost of classifying.
 */
function maskIds(s: string): string {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < s.length) {
    if (!isIdChar(s.charCodeAt(i))) {
      i += 1;
      continue;
    }
    let digits = 0;
    let letters = 0;
    const start = i;
    for (; i < s.length && isIdChar(s.charCodeAt(i)); i += 1) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) digits += 1;
      else if (c >= 97 && c <= 122) letters += 1;
    }
    const length = i - start;
    if ((length >= 10 && digits > 0 && letters > 0) || (length >= 6 && digits === length)) {
      parts.push(s.slice(from, start), '#');
      from = i;
    }
  }
  if (from === 0) return s;
  parts.push(s.slice(from));
  return parts.join('');
}

function isIdChar(c: number): boolean {
  // '_' is left out: provider markers such as LPN006_107 or OFR006_103 must survive.
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 61 || c === 45;
}

/** `kijitora@example.jp` → `x@example.jp`, walking back from each '@' (a regex here backtracks badly). */
function maskLocalParts(s: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let at = s.indexOf('@'); at !== -1; at = s.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && !LOCAL_PART_STOP.has(s[start - 1])) start -= 1;
    if (start === at) continue;
    parts.push(s.slice(from, start), 'x');
    from = at;
  }
  parts.push(s.slice(from));
  return parts.join('');
}
