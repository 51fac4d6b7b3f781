/**
 * The notice's own words about a failure, for a recipient whose diagnostic tells the classifier
 * nothing (no rule matches, or only a bare code or an "other or undefined" X.Y.0 status does). In the order of how closely they speak of
 * that recipient: the text the notice writes next to the address, the comment of its Status
 * field, the notice's introduction, then the bounce's subject. Many MTAs state the cause only
 * there: Exim and Postfix put the remote reply in the text part and may leave Diagnostic-Code
 * generic, Lotus Domino and Exchange 2003 repeat the cause in the subject ("DELIVERY FAILURE:
 * User x not listed..."), and list managers and gateways write one sentence for all recipients.
 * Computed only when asked: most recipients never need it.
 */
import { decodeWords, header, type Header, type Part } from './mime';
import { withoutAnnouncement, withoutGuesses } from './text';
import { readNotice } from './textbounce';
import type { RawRecipient } from './types';
import { noticeTiming, type Timing } from './wording';

/** The notice's texts about one recipient (not its diagnostic), closest first. */
export interface AboutRecipient {
  /** The recipient's own: the text the notice writes next to its address, the comment of its Status field. */
  near: string[];
  /** What the notice writes for every recipient: its introduction, its subject. */
  far: string[];
}

export interface NoticeEvidence {
  about(r: RawRecipient): AboutRecipient;
  /**
   * What the notice as a whole says of the delivery's course (wording.ts): its subject and the start
   * of its text, where every MTA puts "will be retried", "Cannot send message for 5 days" or "This is
   * a permanent error". Read once for all recipients.
   */
  timing(): Timing | null;
}

/** Reply and forward prefixes a relaying list or user may have put in front of a bounce subject. */
const SUBJECT_NOISE_RE = /^\s*(?:(?:re|fwd?|aw|tr|wg)\s*:\s*)*/i;

/** How much of the notice's text the timing is read from: the statements open the notice. */
const TIMING_HEAD = 1024;

export function noticeEvidence(root: Part, notice: string, original: Header[]): NoticeEvidence {
  let read: ReturnType<typeof readNotice> | undefined;
  let timing: Timing | null | undefined;
  return {
    about: (r) => {
      read ??= readNotice(root, notice, original);
      const own = read.recipients.find((t) => t.recipient.toLowerCase() === r.recipient.toLowerCase());
      const useful = (texts: (string | undefined)[]) => texts.filter((t): t is string => t !== undefined && t.trim() !== '' && t !== r.diagnostic);
      const near = unique(useful([own?.diagnostic, r.statusComment]));
      const far = unique(useful([withoutGuesses(withoutAnnouncement(read.intro)), bounceSubject(root, original)])).filter((t) => !near.includes(t));
      return { near, far };
    },
    timing: () => (timing === undefined ? (timing = noticeTiming([bounceSubject(root, original), notice.slice(0, TIMING_HEAD)])) : timing),
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
