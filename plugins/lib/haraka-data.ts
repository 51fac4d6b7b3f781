import type { OutboundEvent, OutboundKind, RcptReport } from '../../src/outbound/report';

/**
 * Copies what bounceguard needs out of Haraka's objects. Duck-typed: objects made in the plugin vm
 * sandbox fail `instanceof` checks across realms, and Address has been a class with `address()` and
 * one with an `address` string.
 */
export function addressOf(a: unknown): string {
  const addr = a as { address?: unknown; user?: string | null; host?: string | null; original?: string } | null;
  if (!addr) return '';
  if (typeof addr.address === 'function') return String((addr.address as () => string).call(addr));
  if (typeof addr.address === 'string') return addr.address;
  if (addr.user && addr.host) return `${addr.user}@${addr.host}`;
  return String(addr.original ?? '');
}

export function rcptReport(a: Haraka.Address): RcptReport {
  return {
    address: addressOf(a),
    reason: a.reason,
    dsnAction: a.dsn_action,
    dsnStatus: a.dsn_status,
    dsnSmtpCode: a.dsn_smtp_code,
    dsnSmtpExtc: a.dsn_smtp_extc,
    dsnSmtpResponse: a.dsn_smtp_response,
    dsnCode: a.dsn_code,
    dsnMsg: a.dsn_msg,
    dsnRemoteMta: a.dsn_remote_mta,
  };
}

function messageOf(err: unknown): string | undefined {
  if (err === undefined || err === null) return undefined;
  const m = (err as { message?: unknown }).message;
  return typeof m === 'string' ? m : String(err);
}

function base(kind: OutboundKind, hmail: Haraka.HMailItem) {
  const todo = hmail.todo;
  return {
    kind,
    queueId: todo?.uuid ?? '',
    sender: todo ? addressOf(todo.mail_from) : '',
    domain: todo?.domain ?? '',
    todo: (todo?.rcpt_to ?? []).map(rcptReport),
  };
}

/** delivered: params are [host, ip, response, delay, port, mode, ok_recips, secured, authenticated]. */
export function deliveredEvent(hmail: Haraka.HMailItem, params: unknown[]): OutboundEvent {
  const ok = (Array.isArray(params?.[6]) ? params[6] : []) as Haraka.Address[];
  return { ...base('delivered', hmail), mx: String(params?.[0] ?? ''), listed: ok.map(rcptReport), response: String(params?.[2] ?? '') };
}

export function deferredEvent(hmail: Haraka.HMailItem, params: Haraka.DeferredParams): OutboundEvent {
  return {
    ...base('deferred', hmail),
    mx: params?.mx?.exchange,
    listed: (params?.fail_recips ?? []).map(rcptReport),
    error: messageOf(params?.err),
  };
}

export function bounceEvent(hmail: Haraka.HMailItem, err: unknown): OutboundEvent {
  const e = (err ?? {}) as { bounced_rcpt?: Haraka.Address[]; deferred_rcpt?: Haraka.Address[]; mx?: { exchange?: string } };
  const listed = [...(e.bounced_rcpt ?? []), ...(e.deferred_rcpt ?? [])];
  return { ...base('bounce', hmail), mx: e.mx?.exchange, listed: listed.map(rcptReport), error: messageOf(err) };
}
