import type { Stage } from '../classify/types';

/** One recipient of an outbound result, as plain data copied from Haraka's Address object. */
export interface RcptReport {
  address: string;
  reason?: string;
  dsnAction?: string;
  dsnStatus?: string;
  dsnSmtpCode?: string | number;
  dsnSmtpExtc?: string;
  dsnSmtpResponse?: string;
  /** Set when Haraka made the failure itself (DNS, no MX, connection failures). */
  dsnCode?: number | string;
  dsnMsg?: string;
  dsnRemoteMta?: string;
}

export type OutboundKind = 'delivered' | 'deferred' | 'bounce';

/** An outbound hook's data, copied out of Haraka's objects. */
export interface OutboundEvent {
  kind: OutboundKind;
  /** hmail.todo.uuid */
  queueId: string;
  /** Envelope sender; empty for Haraka's own DSNs. */
  sender: string;
  domain: string;
  mx?: string;
  /** delivered: ok_recips; deferred: fail_recips; bounce: bounced_rcpt + deferred_rcpt. */
  listed: RcptReport[];
  /** hmail.todo.rcpt_to: used when the hook lists nobody (a DATA-stage reply, a connection failure). */
  todo: RcptReport[];
  /** The error message Haraka passed (deferred/bounce). */
  error?: string;
  /** delivered: the remote's final response text. */
  response?: string;
}

/** What one recipient's reply was, ready for the classifier. */
export interface RecipientReply {
  recipient: string;
  reply: string;
  stage?: Stage;
}

const UPSTREAM = /^upstream error:\s*/i;

/** The message a queue id belongs to: Haraka appends `.N` when it splits recipients into new queue files. */
export function messageIdOf(queueId: string): string {
  return queueId.split('.').slice(0, 2).join('.');
}

/** Per-recipient replies of an outbound event; delivered recipients get their 2xx. */
export function recipientReplies(event: OutboundEvent): RecipientReply[] {
  if (event.kind === 'delivered') {
    return event.listed.map((r) => ({ recipient: r.address, reply: `250 ${event.response ?? 'delivered'}` }));
  }
  const listed = event.listed.length > 0;
  const rcpts = listed ? event.listed : event.todo;
  return rcpts.map((r) => replyOf(r, event.error ?? '', listed));
}

/**
 * Rebuilds the reply: the remote's own words when Haraka kept them (it fails to parse enhanced codes
 * with a two-digit part, so they stay in the text), else Haraka's own message with its code. Haraka's
 * dsn_status on its own messages is not evidence (it says 5.1.2 for a refused connection): left out.
 */
function replyOf(r: RcptReport, error: string, listedByHaraka: boolean): RecipientReply {
  if (r.dsnSmtpCode !== undefined && r.dsnSmtpCode !== '') {
    const extc = r.dsnSmtpExtc ? `${r.dsnSmtpExtc} ` : '';
    return { recipient: r.address, reply: `${r.dsnSmtpCode} ${extc}${r.dsnSmtpResponse ?? ''}`.trim(), stage: listedByHaraka ? 'rcpt' : 'dot' };
  }
  if (UPSTREAM.test(error)) return { recipient: r.address, reply: error.replace(UPSTREAM, ''), stage: 'connect' };
  if (r.dsnMsg) return { recipient: r.address, reply: `${r.dsnCode ?? ''} ${r.dsnMsg}`.trim() };
  return { recipient: r.address, reply: r.reason ?? error };
}
