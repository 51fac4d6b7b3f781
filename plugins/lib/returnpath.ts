import { Address } from 'address-rfc2821';
import { returnPathFor, SentRecords } from '../../src/returnpath';
import type { SuppressionStore } from '../../src/store';
import { addressOf } from './haraka-data';
import { initPlugin, shutdownPlugin } from './lifecycle';
import { metrics } from './metrics';
import { beforeStoreCloses, liveConfig, runtime, type HarakaServer } from './runtime';
import { campaignOf } from './signals';

/** Where the envelope sender before signing is kept, in the transaction's (and so the queued message's) notes. */
const ORIGINAL_SENDER = 'bounceguard_original_sender';
/** Sent records are written in batches of this long: one store transaction for many messages. */
const BATCH_MS = 100;

let sent: { store: SuppressionStore; ttlMs: number; records: SentRecords } | undefined;
beforeStoreCloses(async (store) => {
  if (sent?.store === store) await sent.records.flush();
});

/**
 * bounceguard-returnpath: for relayed mail from a sending domain configured in
 * bounceguard-returnpath.ini, replaces the envelope sender with a signed return path (BATV, or VERP
 * for one recipient) and records the message (Message-ID, senders, recipients, time) in the store,
 * so bounceguard-inbound can later check a bounce or complaint against what was really sent.
 * Runs on pre_send_trans_email, which Haraka calls for relayed and plugin-injected mail alike after
 * it has added any missing Message-ID; after bounceguard-suppress (0) has dropped suppressed
 * recipients. The record is written in the background, with the others of the same 100 ms in one
 * store call: a slow store never holds a message, and a crash loses at most the last 100 ms of records.
 */
export function register(this: Haraka.Plugin): void {
  this.register_hook('pre_send_trans_email', 'bounceguard_returnpath', 10);
  this.register_hook('bounce', 'bounceguard_returnpath_bounce', 0);
  this.register_hook('init_master', 'bounceguard_returnpath_init', 0);
  this.register_hook('init_child', 'bounceguard_returnpath_init', 0);
}

export function bounceguard_returnpath_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  initPlugin(this, next, server);
}

export function bounceguard_returnpath(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection): void {
  try {
    sign(this, connection.transaction);
  } catch (err) {
    this.logerror(`bounceguard: return path left unsigned: ${(err as Error).message}`);
  }
  next();
}

/**
 * Haraka's own DSN for a message it could not deliver goes to the envelope sender: give it back the
 * original one (kept in the message's notes, which Haraka stores with the queued message), so the
 * sender gets the DSN directly instead of it being consumed by bounceguard-inbound.
 */
export function bounceguard_returnpath_bounce(this: Haraka.Plugin, next: Haraka.Next, hmail: Haraka.HMailItem): void {
  const original = hmail.todo?.notes?.[ORIGINAL_SENDER];
  if (hmail.todo && typeof original === 'string' && original !== '') hmail.todo.mail_from = envelopeAddress(original);
  next();
}

export function shutdown(this: Haraka.Plugin): void {
  shutdownPlugin(this);
}

function sign(plugin: Haraka.Plugin, txn: Haraka.Transaction | null | undefined): void {
  const config = liveConfig(plugin).current.returnpath;
  if (!txn || !config?.enabled) return;
  const sender = addressOf(txn.mail_from);
  const recipients = txn.rcpt_to.map(addressOf);
  const at = Date.now();
  const rp = returnPathFor(sender, recipients, config, at);
  if (rp.returnPath === null) {
    if (rp.why === 'disabled' || rp.why === 'not-configured' || rp.why === 'null-sender') return;
    metrics.returnPathSigned(rp.why);
    if (rp.why === 'too-long') plugin.loginfo(`bounceguard: [${txn.uuid}] <${sender}> left unsigned: its signed form would pass the 64-octet local part limit`);
  } else {
    txn.mail_from = envelopeAddress(rp.returnPath);
    txn.notes[ORIGINAL_SENDER] = sender;
    metrics.returnPathSigned(rp.scheme);
  }
  const messageId = txn.header.get('Message-Id');
  const returnPath = rp.returnPath ?? sender;
  runtime(plugin)
    .then((rt) => {
      if (!rt.store) throw new Error('no store');
      return sentRecords(rt.store, config.recordMs).remember({ messageId, sender, returnPath, recipients, at, campaign: campaignOf(txn) });
    })
    .then((kept) => { if (!kept) plugin.logwarn(`bounceguard: [${txn.uuid}] not recorded: no usable Message-ID`); })
    .catch((err: Error) => plugin.logerror(`bounceguard: [${txn.uuid}] could not record the sent message: ${err.message}`));
}

/** The batching writer of the store in use; a new store or record time gets a new one. */
function sentRecords(store: SuppressionStore, ttlMs: number): SentRecords {
  if (sent?.store !== store || sent.ttlMs !== ttlMs) {
    void sent?.records.flush();
    sent = { store, ttlMs, records: new SentRecords(store, ttlMs, BATCH_MS) };
  }
  return sent.records;
}

/**
 * An Address from its two parts: address-rfc2821's grammar parser costs about a millisecond an
 * address on a busy host, on every relayed message. Our addresses are already valid.
 */
function envelopeAddress(address: string): Haraka.Address {
  const at = address.lastIndexOf('@');
  return new Address(address.slice(0, at), address.slice(at + 1)) as unknown as Haraka.Address;
}
