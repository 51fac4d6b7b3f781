/**
 * A small MIME reader, just enough for bounce reports: header blocks, multipart splitting,
 * transfer decoding and charsets. Written for speed on untrusted input: text is handled as a
 * latin1 "byte string" (one char per byte, so no decoding cost until a part is actually read),
 * loops are bounded and no regular expression runs with nested quantifiers.
 */
import { TextDecoder } from 'util';

export interface Header {
  name: string; // lower case
  value: string; // unfolded, raw (encoded-words not decoded)
}

export interface Part {
  headers: Header[];
  /** Lower-case media type, e.g. "text/plain"; "text/plain" when absent (RFC 2045 default). */
  type: string;
  params: Record<string, string>;
  /** The part's body as a byte string, still transfer-encoded. */
  raw: string;
  children: Part[];
}

/** Limits that keep hostile input cheap. */
const MAX_DEPTH = 8;
const MAX_PARTS = 200;
const MAX_HEADER_LINES = 2000;
/** Far above any real header (RFC 5322 lines stop at 998), low enough that no pattern over it costs much. */
const MAX_HEADER_VALUE = 16 * 1024;

export function header(headers: Header[], name: string): string | undefined {
  for (const h of headers) if (h.name === name) return h.value;
  return undefined;
}

/** Splits a byte string into its header block and body at the first empty line. */
function splitHead(text: string): [string, string] {
  let i = 0;
  // An mbox "From " separator line is not a header; skip it.
  if (text.startsWith('From ')) {
    const nl = text.indexOf('\n');
    i = nl < 0 ? text.length : nl + 1;
  }
  const lf = text.indexOf('\n\n', i);
  const crlf = text.indexOf('\r\n\r\n', i);
  if (lf < 0 && crlf < 0) return [text.slice(i), ''];
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return [text.slice(i, crlf), text.slice(crlf + 4)];
  return [text.slice(i, lf), text.slice(lf + 2)];
}

export function parseHeaders(block: string): Header[] {
  const out: Header[] = [];
  const lines = block.split('\n', MAX_HEADER_LINES);
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    const c = line.charCodeAt(0);
    if ((c === 32 || c === 9) && out.length > 0) {
      const last = out[out.length - 1];
      if (last.value.length >= MAX_HEADER_VALUE) continue;
      // Cut only when over: slicing every time would copy the whole value on each folded line.
      const value = last.value + ' ' + line.trim();
      last.value = value.length > MAX_HEADER_VALUE ? value.slice(0, MAX_HEADER_VALUE) : value;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || colon > 76) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === '' || name.includes(' ')) continue;
    out.push({ name, value: line.slice(colon + 1, colon + 1 + MAX_HEADER_VALUE).trim() });
  }
  return out;
}

/** Parses `type/sub; a=b; c="d"` into the media type and its parameters. */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (!value) return { type: 'text/plain', params };
  const semi = value.indexOf(';');
  // The type ends at ";" or, in sloppy headers that omit it, at the first space.
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().split(/\s/)[0].toLowerCase() || 'text/plain';
  const rest = semi >= 0 ? value.slice(semi + 1) : value.trim().slice(type.length);
  if (rest) readParams(rest, params);
  return { type, params };
}

const isNameChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 42 || c === 95 || c === 46 || c === 45;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * `name = value` and `name="value"` pairs found anywhere in `text`, scanned once: a regular
 * expression retried at every character of a long parameter name costs the square of its length.
 */
function readParams(text: string, params: Record<string, string>): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isNameChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(start, i);
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 61) continue; // no "=": not a parameter, scan on after the word
    j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    let end: number;
    if (text.charCodeAt(j) === 34) {
      const close = text.indexOf('"', j + 1);
      end = close < 0 ? n : close;
      params[name.toLowerCase()] = text.slice(j + 1, end);
      i = close < 0 ? n : close + 1;
    } else {
      end = j;
      while (end < n && text.charCodeAt(end) !== 59 && !isSpace(text.charCodeAt(end))) end++;
      params[name.toLowerCase()] = text.slice(j, end);
      i = end;
    }
  }
}

/** Parses a whole message (or part) given as a byte string. */
export function parsePart(text: string, depth = 0, budget = { parts: MAX_PARTS }): Part {
  const [head, body] = splitHead(text);
  const headers = parseHeaders(head);
  const { type, params } = parseContentType(header(headers, 'content-type'));
  const part: Part = { headers, type, params, raw: body, children: [] };
  budget.parts--;
  if (depth >= MAX_DEPTH || budget.parts <= 0) return part;
  if (type.startsWith('multipart/') && params.boundary) {
    for (const chunk of splitMultipart(body, params.boundary)) {
      if (budget.parts <= 0) break;
      part.children.push(parsePart(chunk, depth + 1, budget));
    }
  } else if (type === 'message/rfc822' || type === 'message/global') {
    // An attached message is the returned original: only its headers matter, and its own parts
    // (which may even be an older bounce) must not be read as this report's.
    part.children.push(parsePart(decodeTransfer(part), MAX_DEPTH, budget));
  }
  return part;
}

/**
 * Splits a multipart body on its boundary. Tolerates a missing close delimiter (truncated
 * bounces are common) and ignores the preamble and epilogue, as RFC 2046 says.
 */
export function splitMultipart(body: string, boundary: string): string[] {
  const delim = '--' + boundary;
  const chunks: string[] = [];
  let pos = body.startsWith(delim) ? 0 : body.indexOf('\n' + delim);
  if (pos < 0) return chunks;
  if (pos > 0) pos++;
  while (pos >= 0 && chunks.length < MAX_PARTS) {
    const after = pos + delim.length;
    if (body.startsWith('--', after)) break;
    const eol = body.indexOf('\n', after);
    if (eol < 0) break;
    const next = body.indexOf('\n' + delim, eol);
    const end = next < 0 ? body.length : next;
    let chunk = body.slice(eol + 1, end);
    if (chunk.endsWith('\r')) chunk = chunk.slice(0, -1);
    chunks.push(chunk);
    pos = next < 0 ? -1 : next + 1;
  }
  return chunks;
}

/** Undoes the part's Content-Transfer-Encoding; returns a byte string. */
export function decodeTransfer(part: Part): string {
  const cte = (header(part.headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (cte === 'base64') return decodeBase64(part.raw);
  if (cte === 'quoted-printable') return decodeQP(part.raw);
  return part.raw;
}

export function decodeBase64(text: string): string {
  // Buffer's decoder skips characters outside the alphabet, so broken base64 degrades, never throws.
  return Buffer.from(text, 'base64').toString('latin1');
}

export function decodeQP(text: string): string {
  if (!text.includes('=')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, eq);
    const a = text.charCodeAt(eq + 1);
    if (a === 10) {
      i = eq + 2; // soft line break
    } else if (a === 13 && text.charCodeAt(eq + 2) === 10) {
      i = eq + 3;
    } else {
      const hex = text.slice(eq + 1, eq + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i = eq + 3;
      } else {
        out += '=';
        i = eq + 1;
      }
    }
  }
  return out;
}

/** Only charsets TextDecoder knows are kept (a fixed list of labels): mail can name endless others. */
const decoders = new Map<string, TextDecoder>();
/** Bytes that need decoding: 8-bit, or the escape that starts ISO-2022 sequences. */
const NON_ASCII_RE = /[\x80-\xff\x1b]/;

/** Labels of US-ASCII (RFC 2046 4.1.2 and the IANA aliases), which no 8-bit byte can be in. */
const ASCII_LABELS = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso646-us', 'us']);
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Converts a byte string in the given charset to a JS string; unknown charsets fall back to UTF-8.
 * 8-bit bytes in a part labelled US-ASCII break its label: MTAs write the template's label and then
 * the remote server's UTF-8 reply (RFC 6531 servers answer in UTF-8; Postfix and Haraka label their
 * notices us-ascii), so they are read as UTF-8 when they are valid UTF-8, else as windows-1252 (what
 * the WHATWG decoder makes of the label).
 */
export function toUnicode(bytes: string, charset: string | undefined): string {
  if (!NON_ASCII_RE.test(bytes)) return bytes;
  // Unlabelled ISO-2022-JP (common in Japanese bounces) is recognisable by its escape sequences.
  const cs = (charset || (bytes.includes('\x1b$B') ? 'iso-2022-jp' : 'utf-8')).trim().toLowerCase();
  const buf = Buffer.from(bytes, 'latin1');
  if (ASCII_LABELS.has(cs) && !bytes.includes('\x1b')) {
    try {
      return STRICT_UTF8.decode(buf);
    } catch {
      // not UTF-8: the label's decoder below
    }
  }
  return decoderFor(cs).decode(buf);
}

function decoderFor(charset: string): TextDecoder {
  let dec = decoders.get(charset);
  if (dec) return dec;
  try {
    dec = new TextDecoder(charset);
  } catch {
    return decoderFor('utf-8');
  }
  decoders.set(charset, dec);
  return dec;
}

/** The decoded text of a part, in Unicode. */
export function partText(part: Part): string {
  return toUnicode(decodeTransfer(part), part.params.charset);
}

/** Decodes RFC 2047 encoded-words in a header value. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?\s]{1,40})\?([bBqQ])\?([^?\s]{0,2000})\?=/g, (_m, cs: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? decodeBase64(data) : decodeQP(data.replace(/_/g, ' '));
      return toUnicode(bytes, cs);
    });
}

/** Depth-first list of a part and all its descendants. */
export function flatten(part: Part, out: Part[] = []): Part[] {
  out.push(part);
  for (const c of part.children) flatten(c, out);
  return out;
}

/** Tags that end a line of the text. */
const BREAK_TAG_RE = /^(?:br|\/p|\/div|\/tr|\/li|\/h\d)\b/i;
/** Longer runs between "<" and ">" are text, not a tag. */
const MAX_TAG = 2000;
const MAX_BREAK_TAG = 200;

/**
 * Crude, enough to read the text of an HTML-only bounce notice; one pass: each "<" looks up the
 * next ">" once, so a megabyte of unclosed "<" costs no more than a megabyte of text.
 */
export function htmlToText(html: string): string {
  let out = '';
  let from = 0;
  let gt = -1;
  for (let lt = html.indexOf('<'); lt >= 0; lt = html.indexOf('<', lt + 1)) {
    if (gt < lt) gt = html.indexOf('>', lt);
    if (gt < 0) break; // no ">" left: no more tags
    const inner = gt - lt - 1;
    if (inner > MAX_TAG) continue;
    const isBreak = inner <= MAX_BREAK_TAG && BREAK_TAG_RE.test(html.slice(lt + 1, gt));
    out += html.slice(from, lt) + (isBreak ? '\n' : ' ');
    from = gt + 1;
    lt = gt;
  }
  return decodeEntities(out + html.slice(from));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d{1,6});/g, (_m, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)));
}
