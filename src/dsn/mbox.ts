/**
 * An mbox file (RFC 4155) holds messages one after another, each opened by a "From " separator line
 * at the start of the file or after a blank line; a "From " line inside a body is written ">From ".
 * Saved bounces often come that way, several to a file: each is a message of its own for parseBounce.
 */

/** A separator: "From " then the envelope sender and a date, at the start of a line after a blank one. */
const SEPARATOR_RE = /\r?\n\r?\n(?=From \S+ +\S[^\r\n]*\r?\n[A-Za-z][A-Za-z0-9-]{0,60}:)/g;

/** The messages of an mbox, or the text itself when it is one message. */
export function splitMbox(raw: string): string[] {
  if (!raw.startsWith('From ')) return [raw];
  const out: string[] = [];
  let start = 0;
  for (const m of raw.matchAll(SEPARATOR_RE)) {
    const end = (m.index ?? 0) + m[0].length;
    out.push(raw.slice(start, end));
    start = end;
  }
  out.push(raw.slice(start));
  return out;
}
