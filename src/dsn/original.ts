/**
 * The headers of the returned original message, for correlating a bounce with what was sent:
 * from an attached message/rfc822 or text/rfc822-headers part, or, for MTAs that paste the
 * message into the text, from the header block after the notice.
 */
import { decodeTransfer, decodeWords, header, parseHeaders, type Header, type Part } from './mime';
import type { OriginalMessage } from './types';

const HEADER_PARTS = new Set(['text/rfc822-headers', 'text/rfc822-header', 'message/rfc822-headers']);

/**
 * The attached original message part (its parsed child), if any. Some MTAs attach it with no
 * part headers of its own, so its message headers read as the part's: such a part (not the
 * first, which is the notice) is taken when it has a From and a Message-ID or Received.
 */
export function attachedOriginal(parts: Part[]): Part | null {
  for (const p of parts) {
    if ((p.type === 'message/rfc822' || p.type === 'message/global') && p.children[0]) return p.children[0];
    if (HEADER_PARTS.has(p.type)) return { ...p, headers: parseHeaders(decodeTransfer(p)), raw: '' };
  }
  return parts.slice(2).find((p) => header(p.headers, 'from') && (header(p.headers, 'message-id') || header(p.headers, 'received'))) ?? null;
}

/**
 * Parses the header block that starts at the first header-looking line of pasted text. A summary may
 * indent its fields under its heading (Verizon's "Message details:\n  Subject: x\n  RCPT TO: y", Sisimai
 * lib/Sisimai/Lhost/Verizon.pm): the block's own indentation is taken off, so that only deeper lines fold.
 */
export function pastedHeaders(rest: string): Header[] {
  const lines = rest.split('\n', 400);
  let i = 0;
  let m: RegExpExecArray | null = null;
  while (i < lines.length && !(m = /^( {0,4})[A-Za-z][A-Za-z0-9-]{0,60}:/.exec(lines[i]))) {
    if (i > 5) return [];
    i++;
  }
  const indent = m?.[1] ?? '';
  const block: string[] = [];
  for (; i < lines.length && lines[i].trim() !== ''; i++) block.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i]);
  return parseHeaders(block.join('\n'));
}

export function describeOriginal(headers: Header[]): OriginalMessage | null {
  if (headers.length === 0) return null;
  const xHeaders: Record<string, string> = {};
  for (const h of headers) if (h.name.startsWith('x-') && !(h.name in xHeaders)) xHeaders[h.name] = h.value;
  const get = (n: string) => {
    const v = header(headers, n);
    return v === undefined ? null : decodeWords(v);
  };
  return { message_id: get('message-id'), from: get('from'), to: get('to'), subject: get('subject'), x_headers: xHeaders };
}
