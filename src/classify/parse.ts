import { findStage } from './stage';
import type { Stage } from './types';

/** A reply split into its parts: the basic code, the RFC 3463 enhanced code and the human text. */
export interface ParsedReply {
  code: number | null;
  /** The stage named by an MTA's wrapper ("after RCPT TO", "in reply to end of DATA command"), if any. */
  stage: Stage | null;
  enhanced: string | null;
  /** The reply with continuation prefixes removed, lower-cased once for the rules. */
  text: string;
}

/** What the classifier needs of a lower-cased reply; the stage is its own question (see findStage). */
export interface SplitReply {
  code: number | null;
  enhanced: string | null;
  /** The enhanced code as numbers [class, subject, detail]. */
  enhancedParts: [number, number, number] | null;
  text: string;
}

// Replies are untrusted and can be huge (a whole transcript); rules only need the start.
const MAX_SCAN = 4096;
// A reply may start with "#": Exchange's NDR diagnostic "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##".
const BASIC = /(?:^#?|[\s;'"(<=>]|(?<![0-9a-f:]):)([245]\d\d)(?=([\s\-'")\]#:;,]|$))/g;
// RFC 3463 subjects are 0-7; a detail may have up to three digits (4.7.28, 5.7.606).
const ENHANCED = /(?:^|[^\d.a-z])#?([245])\.([0-7])\.(\d{1,3})(?![\d]|\.\d)/g;
const CONTINUATION = /(?:^|\s)([245]\d\d)-/;
/** A line break with the indentation around it (an Exim bounce, a folded Diagnostic-Code): one space, and so are spaces in a row beside it. */
const WHITESPACE_RUNS = /[ \r\n\t]{2,}|[\r\n\t]/g;
/** The "\\n" Exim's log writes for a line break of the reply (deliver.c, string_printing), before a continuation line. */
export const ESCAPED_LINE_BREAK = /\\n(?=[245]\d\d[ -])/g;

/**
 * Splits a reply as received (possibly wrapped by an MTA, possibly multi-line) into code, enhanced
 * code, text and stage. It reads the lower-cased reply, as classify does, so both always agree.
 */
export function parseReply(raw: string): ParsedReply {
  const { code, enhanced, text } = splitReply((raw.length > MAX_SCAN ? raw.slice(0, MAX_SCAN) : raw).toLowerCase());
  return { code, enhanced, stage: findStage(text) ?? null, text };
}

/** parseReply without the stage, for a reply already lower-cased. */
export function splitReply(lowerCased: string): SplitReply {
  const s = withLineBreaks(lowerCased.length > MAX_SCAN ? lowerCased.slice(0, MAX_SCAN) : lowerCased);
  const oneLine = hasLineBreak(s) ? s.replace(WHITESPACE_RUNS, ' ').trim() : s.trim();
  const code = findBasicCode(oneLine);
  const parts = findEnhancedCode(oneLine, code);
  const enhanced = parts === null ? null : `${parts[0]}.${parts[1]}.${parts[2]}`;
  const text = oneLine.includes('-') ? withoutContinuations(oneLine) : oneLine;
  return { code, enhanced, enhancedParts: parts, text: enhanced === null ? text : withoutRepeatedStatus(text, enhanced) };
}

/** Single characters, which indexOf finds fast (a search for "  " in every reply cost a twentieth of classifying). */
function hasLineBreak(s: string): boolean {
  return s.indexOf('\n') !== -1 || s.indexOf('\r') !== -1 || s.indexOf('\t') !== -1;
}

/** Exim's escaped line breaks made line breaks again (ESCAPED_LINE_BREAK). */
export function withLineBreaks(s: string): string {
  return s.indexOf('\\') === -1 ? s : s.replace(ESCAPED_LINE_BREAK, '\n');
}

/**
 * `550 5.7.12 sender was not 5.7.12 authenticated` → `550 5.7.12 sender was not authenticated`: the
 * status of every line kept in the text where the lines were joined without their codes (Haraka's
 * outbound keeps a status of more than single digits in each line's text); the first one stays.
 */
function withoutRepeatedStatus(text: string, enhanced: string): string {
  const first = text.indexOf(enhanced);
  let at = first < 0 ? -1 : repeatedAt(text, enhanced, first + enhanced.length);
  if (at < 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (; at >= 0; at = repeatedAt(text, enhanced, at + enhanced.length)) {
    parts.push(text.slice(from, at - 1));
    from = at + enhanced.length;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Where `enhanced` occurs again from `from` as a word between spaces, or -1 (no string is built: most replies have none). */
function repeatedAt(text: string, enhanced: string, from: number): number {
  for (let at = text.indexOf(enhanced, from); at >= 0; at = text.indexOf(enhanced, at + 1)) {
    if (text.charCodeAt(at - 1) === 32 && text.charCodeAt(at + enhanced.length) === 32) return at;
  }
  return -1;
}

/** `550-5.1.1 The email 550-5.1.1 account 550 5.1.1 gone` → `The email account gone`: one text, as the server meant it. */
function withoutContinuations(s: string): string {
  const continued = CONTINUATION.exec(s);
  if (!continued) return s;
  return s.replace(linePrefixOf(continued[1]), '$1');
}

/** One per basic code (at most 300), built on first use: a multi-line reply built its own before. */
const LINE_PREFIXES = new Map<string, RegExp>();

function linePrefixOf(code: string): RegExp {
  let prefix = LINE_PREFIXES.get(code);
  if (prefix === undefined) {
    // Sendmail's transcript marks each line of the reply with "<<< " (usersmtp.c).
    prefix = new RegExp(`(^|\\s)(?:<<< )?${code}[- ](?:#?[245]\\.\\d{1,3}\\.\\d{1,3}\\s)?`, 'g');
    LINE_PREFIXES.set(code, prefix);
  }
  return prefix;
}

/** The first code of a final line: a `220-` greeting continuation before a `421` is not the answer. */
function findBasicCode(s: string): number | null {
  const leading = leadingCode(s);
  if (leading !== null && (s.length === 3 || s.charCodeAt(3) === 32)) return leading;
  BASIC.lastIndex = 0;
  let first: number | null = null;
  for (let m = BASIC.exec(s); m; m = BASIC.exec(s)) {
    const value = Number(m[1]);
    if (m[2] === '-') first ??= value;
    // A failure's last line repeats its code (RFC 5321 4.2.1): a number in its text ("limit of 200") is none.
    else if (first === null || first < 400 || value === first) return value;
  }
  return first;
}

/** `550…` → 550: most replies start with their code, which needs no regex. */
function leadingCode(s: string): number | null {
  const a = s.charCodeAt(0) - 48;
  const b = s.charCodeAt(1) - 48;
  const c = s.charCodeAt(2) - 48;
  if ((a === 2 || a === 4 || a === 5) && b >= 0 && b <= 9 && c >= 0 && c <= 9) return a * 100 + b * 10 + c;
  return null;
}

/** The first enhanced code whose class agrees with the basic code (or the first one at all). */
function findEnhancedCode(s: string, code: number | null): [number, number, number] | null {
  const wanted = code === null ? -1 : Math.floor(code / 100);
  if (wanted > 0 && s.charCodeAt(3) === 32) {
    const right = enhancedAt(s, 4);
    if (right !== null && right[0] === wanted && !isUndefinedStatus(right)) return right;
  }
  ENHANCED.lastIndex = 0;
  let first: [number, number, number] | null = null;
  let undefinedStatus: [number, number, number] | null = null;
  for (let m = ENHANCED.exec(s); m; m = ENHANCED.exec(s)) {
    const found: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (wanted < 0 || found[0] === wanted) {
      if (!isUndefinedStatus(found)) return found;
      undefinedStatus ??= found;
    }
    first ??= found;
  }
  return undefinedStatus ?? (code === null || code >= 500 ? first : null);
}

/**
 * X.0.0, "other undefined status" (RFC 3463 3.1), says no more than the class: a relay's own status
 * before the reply it quotes (Exchange's "#< #5.0.0 smtp;550 5.1.1 ...> #SMTP#"). A specific status
 * of the same class after it says what failed.
 */
function isUndefinedStatus(parts: readonly [number, number, number]): boolean {
  return parts[1] === 0 && parts[2] === 0;
}

/** `5.1.1` (or `#5.1.1`) right at index i, as ENHANCED would read it there; null if it does not start there. */
function enhancedAt(s: string, i: number): [number, number, number] | null {
  let p = s.charCodeAt(i) === 35 ? i + 1 : i;
  const cls = s.charCodeAt(p) - 48;
  if ((cls !== 2 && cls !== 4 && cls !== 5) || s.charCodeAt(p + 1) !== 46) return null;
  const subject = s.charCodeAt(p + 2) - 48;
  if (subject < 0 || subject > 7 || s.charCodeAt(p + 3) !== 46) return null;
  p += 4;
  let detail = 0;
  let digits = 0;
  for (let d = s.charCodeAt(p) - 48; d >= 0 && d <= 9; d = s.charCodeAt(p) - 48) {
    detail = detail * 10 + d;
    digits += 1;
    p += 1;
  }
  if (digits === 0 || digits > 3) return null;
  const next = s.charCodeAt(p + 1) - 48;
  if (s.charCodeAt(p) === 46 && next >= 0 && next <= 9) return null;
  return [cls, subject, detail];
}
