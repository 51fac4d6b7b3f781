/**
 * The notice's own words about a failure, for a recipient whose diagnostic tells the classifier
 * nothing (no rule matches, or only a bare code does). In the order of how closely they speak of
 * that recipient: the text the notice writes next to the address, the comment of its Status
 * field, the notice's introduction, then the bounce's subject. Many MTAs state the cause only
 * there: Exim and Postfix put the remote reply in the text part and may leave Diagnostic-Code
 * generic, Lotus Domino and Exchange 2003 repeat the cause in the subject ("DELIVERY FAILURE:
 * User x not listed..."), and list managers and gateways write one sentence for all recipients.
 * Computed only when asked: most recipients never need it.
 */
import { decodeWords, header, type Header, type Part } from './mime';
import { withoutAnnouncement } from './text';
import { readNotice } from './textbounce';
import type { RawRecipient } from './types';

export type NoticeEvidence = (r: RawRecipient) => string[];

/** Reply and forward prefixes a relaying list or user may have put in front of a bounce subject. */
const SUBJECT_NOISE_RE = /^\s*(?:(?:re|fwd?|aw|tr|wg)\s*:\s*)*/i;

export function noticeEvidence(root: Part, notice: string, original: Header[]): NoticeEvidence {
  let read: ReturnType<typeof readNotice> | undefined;
  return (r) => {
    read ??= readNotice(root, notice, original);
    const own = read.recipients.find((t) => t.recipient.toLowerCase() === r.recipient.toLowerCase());
    const texts = [own?.diagnostic, r.statusComment, withoutAnnouncement(read.intro), bounceSubject(root, original)];
    return unique(texts.filter((t): t is string => t !== undefined && t.trim() !== '' && t !== r.diagnostic));
  };
}

/** The bounce's subject without the returned message's own subject, which is the sender's words, not the MTA's. */
function bounceSubject(root: Part, original: Header[]): string {
  let subject = decodeWords(header(root.headers, 'subject') ?? '').replace(SUBJECT_NOISE_RE, '');
  const theirs = decodeWords(header(original, 'subject') ?? '').trim();
  if (theirs.length > 0) subject = subject.split(theirs).join(' ');
  return subject.trim();
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}
