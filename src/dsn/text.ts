/**
 * Reading recipients out of the human-readable text of a bounce. Most MTAs that do not send
 * RFC 3464 reports still follow one shape: an introduction, then for each failed address the
 * address on a line followed (or preceded, on the same line) by the reason, then a copy of the
 * original message after a separator line. This module finds that shape without knowing the
 * MTA; the vendor readers only fix what this generic reading gets wrong.
 */
import { findStage } from '../classify/stage';
import type { Stage } from '../classify/types';
import type { RawRecipient } from './types';

/** Long enough for any real notice; keeps hostile input cheap. */
export const MAX_NOTICE = 64 * 1024;
const MAX_LINE = 2000;
const MAX_DIAGNOSTIC = 1500;

/**
 * No nested quantifiers: each class is scanned once, so the match is linear in the line. The local
 * part is the ASCII of RFC 5322's dot-atom: notices in Japanese, Chinese or Korean write the address
 * inside their own punctuation with no space ("アドレス「user@example.jp」は", fml8's catalogue of
 * Japanese notices, Mail/Bounce/Language/Japanese.pm; "送信先：user@example.jp"), which a class of
 * "anything but ASCII separators" took into the address.
 */
const ADDRESS_RE = /[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}/g;

/** Lines that announce the returned copy of the original message: the notice ends there. */
const CUT_RES = [
  /copy of (?:the |your )?(?:original )?(?:message|mail)\b/i,
  /original (?:message|mail) (?:follows|as follows|headers)/i,
  /^[\s\-=|*_]*original message\b/i,
  /unsent message follows/i,
  /header(?:s)? of (?:the |your )?original message/i,
  /^[\s\-=|*_]*message headers follow/i,
  /^[\s\-=|*_]*message text follows/i,
  /^[\s\-=|*_]*returned message\b/i,
];

/** Headers that begin the returned copy when an MTA pastes it without a separator line. */
const EMBEDDED_HEADER_RE = /^(?:Received|Return-Path|DKIM-Signature|ARC-Seal|X-Received|Delivered-To):/i;

function isCut(line: string, prevBlank: boolean): boolean {
  if (line.length > 120) return false;
  if (prevBlank && EMBEDDED_HEADER_RE.test(line)) return true;
  for (const re of CUT_RES) if (re.test(line)) return true;
  return false;
}

export interface Notice {
  /** Lines of the notice, up to the returned original message. */
  lines: string[];
  /** The text after the cut (the pasted original message), or '' when there was no cut. */
  rest: string;
}

let cached: { text: string; notice: Notice } | null = null;

/** Splits a notice once: the readers all ask for the same text, so the last split is kept. */
export function splitNotice(text: string): Notice {
  if (cached?.text !== text) cached = { text, notice: split(text) };
  return cached.notice;
}

function split(text: string): Notice {
  const lines = (text.length > MAX_NOTICE ? text.slice(0, MAX_NOTICE) : text).split('\n');
  const out: string[] = [];
  let prevBlank = true;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > MAX_LINE) line = line.slice(0, MAX_LINE);
    if (isCut(line, prevBlank)) {
      const embedded = EMBEDDED_HEADER_RE.test(line);
      return { lines: out, rest: lines.slice(embedded ? i : i + 1).join('\n') };
    }
    out.push(line);
    prevBlank = line.trim() === '';
  }
  return { lines: out, rest: '' };
}

export function cleanAddress(addr: string): string {
  return addr.replace(/[.\-]+$/, '').replace(/^(?:mailto|rfc822|smtp):/i, '');
}

export function addressesIn(line: string): string[] {
  const out: string[] = [];
  if (!line.includes('@')) return out;
  for (const m of line.matchAll(ADDRESS_RE)) out.push(cleanAddress(m[0]));
  return out;
}

/** Longest notice text searched for a stage (findStage's own cap). */
const MAX_STAGE_SCAN = 16 * 1024;

/**
 * The SMTP stage a notice states, with its line breaks folded first: notices wrap their text, so
 * Postfix's "(in reply to RCPT TO command)" often reads "(in reply to" + newline + "RCPT TO command)".
 */
export function stageIn(text: string): Stage | undefined {
  return findStage(text.slice(0, MAX_STAGE_SCAN).replace(/\s+/g, ' '));
}

/** Whitespace collapsed, decoration dropped, capped. */
export function oneLine(parts: string[]): string {
  const text = parts
    .filter((p) => !/^[\s\-=*_#|.>]*$/.test(p))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_DIAGNOSTIC ? text.slice(0, MAX_DIAGNOSTIC) : text;
}

/** RFC 3464 fields pasted into the text part: read by rfc3464.ts, not diagnostics. */
const DSN_FIELD_RE = /^\s*(?:Original-Recipient|Final-Recipient|Action|Status|Remote-MTA|Diagnostic-Code|Reporting-MTA|Arrival-Date|Last-Attempt-Date|Will-Retry-Until|Received-From-MTA):/i;

interface Block {
  addr: string;
  key: string;
  lines: string[];
  raw: string[];
}

/**
 * Finds the failed recipients in notice lines: each new address (not in `exclude`) opens a
 * block, and the text up to the next new address is its diagnostic. A recipient with no text of
 * its own gets the introduction, where formats like "Your mail to X could not be delivered because
 * the mailbox is full" put the reason.
 */
export function scanRecipients(lines: string[], exclude: Set<string>): RawRecipient[] {
  return scanNotice(lines, exclude).recipients;
}

/** The recipients of scanRecipients and the introduction before the first of them. */
export function scanNotice(lines: string[], exclude: Set<string>): { recipients: RawRecipient[]; intro: string } {
  const blocks = new Map<string, Block>();
  const intro: string[] = [];
  let cur = null as Block | null;
  for (const line of lines) {
    if (DSN_FIELD_RE.test(line)) continue;
    const found = addressesIn(line).filter((a) => !exclude.has(a.toLowerCase()) && !isDaemon(a));
    const addr = found.find((a) => line.includes(`<${a}>`)) ?? found[0];
    if (addr !== undefined && addr.toLowerCase() !== cur?.key) cur = blockFor(blocks, addr);
    if (!cur) {
      intro.push(line);
      continue;
    }
    cur.raw.push(line);
    cur.lines.push(stripAddress(line, found));
  }
  const introText = oneLine(intro);
  const recipients = [...blocks.values()].map((b): RawRecipient => {
    const diagnostic = oneLine(b.lines) || introText;
    const stage = stageIn(b.raw.join('\n')) ?? findStage(diagnostic);
    return { recipient: b.addr, diagnostic, ...(stage ? { stage } : {}) };
  });
  return { recipients, intro: introText };
}

function blockFor(blocks: Map<string, Block>, addr: string): Block {
  const key = addr.toLowerCase();
  let block = blocks.get(key);
  if (!block) {
    block = { addr, key, lines: [], raw: [] };
    blocks.set(key, block);
  }
  return block;
}

/** Removes the recipient address (and the brackets, quotes, colon around it) from a line. */
function stripAddress(line: string, found: string[]): string {
  let out = line;
  for (const a of found) out = out.split(a).join(' ');
  return out.replace(/["<>]\s*["<>:]*/g, ' ').replace(/^\s*[:*>]+/, '');
}

export function isDaemon(addr: string): boolean {
  const local = addr.slice(0, addr.indexOf('@')).toLowerCase();
  return local === 'mailer-daemon' || local === 'mailerdaemon';
}
