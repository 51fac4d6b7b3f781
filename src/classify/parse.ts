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

// Replies are untrusted and can be huge (a whole transcript); rules only need the start.
const MAX_SCAN = 4096;
const BASIC = /(?:^|[\s;'"(<=>]|(?<![0-9a-f:]):)([245]\d\d)(?=([\s\-'")\]#:;,]|$))/g;
// RFC 3463 subjects are 0-7; a detail may have up to three digits (4.7.28, 5.7.606).
const ENHANCED = /(?:^|[^\d.a-z])#?([245])\.([0-7])\.(\d{1,3})(?![\d]|\.\d)/g;
const CONTINUATION = /(?:^|\s)([245]\d\d)-/;

/** Splits a reply as received (possibly wrapped by an MTA, possibly multi-line) into code, enhanced code and text. */
export function parseReply(raw: string): ParsedReply {
  const oneLine = (raw.length > MAX_SCAN ? raw.slice(0, MAX_SCAN) : raw).replace(/[\r\n\t]+/g, ' ').trim();
  const code = findBasicCode(oneLine);
  const enhanced = findEnhancedCode(oneLine, code);
  const text = withoutContinuations(oneLine).toLowerCase();
  return { code, enhanced, stage: findStage(text) ?? null, text };
}

/** `550-5.1.1 The email 550-5.1.1 account 550 5.1.1 gone` → `The email account gone`: one text, as the server meant it. */
function withoutContinuations(s: string): string {
  const continued = CONTINUATION.exec(s);
  if (!continued) return s;
  const prefix = new RegExp(`(^|\\s)${continued[1]}[- ](?:#?[245]\\.\\d{1,3}\\.\\d{1,3}\\s)?`, 'g');
  return s.replace(prefix, '$1');
}

/** The first code of a final line: a `220-` greeting continuation before a `421` is not the answer. */
function findBasicCode(s: string): number | null {
  BASIC.lastIndex = 0;
  let first: number | null = null;
  for (let m = BASIC.exec(s); m; m = BASIC.exec(s)) {
    if (m[2] !== '-') return Number(m[1]);
    first ??= Number(m[1]);
  }
  return first;
}

/** The first enhanced code whose class agrees with the basic code (or the first one at all). */
function findEnhancedCode(s: string, code: number | null): string | null {
  ENHANCED.lastIndex = 0;
  const wanted = code === null ? null : String(Math.floor(code / 100));
  let first: string | null = null;
  for (let m = ENHANCED.exec(s); m; m = ENHANCED.exec(s)) {
    const found = `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
    if (wanted === null || m[1] === wanted) return found;
    first ??= found;
  }
  return code === null || code >= 500 ? first : null;
}
