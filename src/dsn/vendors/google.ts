/**
 * Google Groups refusals: Google's mailer-daemon answers a post to a group that does not exist,
 * or that the sender may not post to, with a localised text and no reply code. The format is
 * the information: the post was rejected by the group, not by a mailbox.
 */
import { header, type Part } from '../mime';
import { addressesIn } from '../text';
import type { RawRecipient } from '../types';

export function markGoogleGroups(root: Part, recipients: RawRecipient[]): void {
  const from = header(root.headers, 'from') ?? '';
  if (!/mailer-daemon@google(?:mail)?\.com/i.test(from)) return;
  const failed = addressesIn(header(root.headers, 'x-failed-recipients') ?? '');
  if (!failed.length || !failed.every((a) => a.toLowerCase().endsWith('@googlegroups.com'))) return;
  for (const r of recipients) r.hint ??= 'rejected';
}
