import { Address } from 'address-rfc2821';
import { ok as OK, deny as DENY } from 'haraka-constants';
import { parseBounce } from '../../src/dsn';
import { checkReport, judgeRecipient, recordReport, refusalText, type Checked, type InboundConfig, type SignedPath } from '../../src/inbound';
import { SentRecords } from '../../src/returnpath';
import { withinBudget } from '../../src/util/budget';
import { addressOf } from './haraka-data';
import { initPlugin, shutdownPlugin } from './lifecycle';
import { metrics } from './metrics';
import { once } from './once';
import { liveConfig, runtime, type HarakaServer } from './runtime';
import { signalInbound } from './signals';

const NOTE = 'bounceguard_inbound';
/** forward_to=sender waits this long for the report to be read: a VERP bounce's sender is in its sent record. */
const FORWARD_WAIT_MS = 2000;
/** Sources whose first refusal was logged; forgotten all at once when full. */
const MAX_SOURCES = 10_000;
const loggedSources = new Set<string>();

/** What the RCPT hook learnt about a transaction's recipients. */
interface Notes {
  /** Accepted as return paths, bounce or feedback-loop addresses of ours. */
  ours: string[];
  /** Accepted only to be dropped (reject_unsigned=false). */
  dropped: string[];
  signed: SignedPath[];
  /** The original senders of the believed recipients' messages (their sent records). */
  senders: string[];
  /** Some recipient was a configured bounce or feedback-loop address. */
  listed: boolean;
  /** Settles when the report has been read and recorded (tests, shutdown). */
  handled?: Promise<void>;
}

/**
 * bounceguard-inbound: takes the bounces and complaints that come back to our return paths. At RCPT
 * it refuses a return path whose signature is missing, expired or wrong (550 5.7.1), or accepts it
 * to drop it (reject_unsigned=false). After DATA it parses the message and feeds the recipients it
 * believes (see src/inbound/check.ts) to the suppression policy. At queue it consumes what it took,
 * or hands it to forward_to. Every hook answers promptly; any error of ours lets the mail go on.
 */
export function register(this: Haraka.Plugin): void {
  // Before the plugins that accept or refuse recipients (rcpt_to.*) and before queue plugins.
  this.register_hook('rcpt', 'bounceguard_inbound_rcpt', -10);
  this.register_hook('data_post', 'bounceguard_inbound_data', 0);
  this.register_hook('queue', 'bounceguard_inbound_queue', -10);
  this.register_hook('queue_outbound', 'bounceguard_inbound_queue', -10);
  this.register_hook('init_master', 'bounceguard_inbound_init', 0);
  this.register_hook('init_child', 'bounceguard_inbound_init', 0);
}

export function bounceguard_inbound_init(this: Haraka.Plugin, next: Haraka.Next, server?: HarakaServer): void {
  initPlugin(this, next, server);
}

export function bounceguard_inbound_rcpt(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection, params: unknown[]): void {
  const txn = connection.transaction;
  const { inbound: config, returnpath } = liveConfig(this).current;
  if (!txn || !config) return next();
  const rcpt = addressOf(params?.[0]);
  const verdict = judgeRecipient(rcpt, addressOf(txn.mail_from) === '', config, returnpath ?? null, Date.now());
  if (verdict.kind === 'not-ours') return next();
  const notes = notesOf(txn, true);
  if (verdict.kind === 'refused') {
    metrics.inboundCounted(`${config.rejectUnsigned ? 'refused' : 'dropped'}-${verdict.why}`);
    logOncePerSource(this, connection, rcpt, verdict.why, config);
    if (config.rejectUnsigned) return next(DENY, refusalText(rcpt, verdict.why));
    notes.dropped.push(rcpt);
    return next(OK);
  }
  notes.ours.push(rcpt);
  if (verdict.kind === 'signed') notes.signed.push(verdict.path);
  else notes.listed = true;
  next(OK);
}

export function bounceguard_inbound_data(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection): void {
  const txn = connection.transaction;
  const notes = txn && notesOf(txn, false);
  if (!txn || !notes || notes.ours.length === 0) return next();
  const done = once(next);
  try {
    txn.message_stream.get_data((raw) => {
      done();
      notes.handled = handleReport(this, txn.uuid, raw, notes)
        .catch((err: Error) => this.logerror(`bounceguard: [${txn.uuid}] inbound report not recorded: ${err.message}`));
    });
  } catch (err) {
    this.logerror(`bounceguard: [${txn.uuid}] inbound report not read: ${(err as Error).message}`);
    done();
  }
}

export function bounceguard_inbound_queue(this: Haraka.Plugin, next: Haraka.Next, connection: Haraka.Connection): void {
  const txn = connection.transaction;
  const notes = txn && notesOf(txn, false);
  if (!txn || !notes) return next();
  const done = once(next);
  forwardTargets(notes.ours.length > 0 ? liveConfig(this).current.inbound : undefined, notes)
    .then((forward) => {
      const taken = new Set([...notes.ours, ...notes.dropped].map((a) => a.toLowerCase()));
      const rest = txn.rcpt_to.filter((a) => !taken.has(addressOf(a).toLowerCase()));
      if (rest.length === 0 && forward.length === 0) return done(OK, `bounce taken by bounceguard (${txn.uuid})`);
      if (forward.length > 0) this.loginfo(`bounceguard: [${txn.uuid}] report handed on to ${forward.join(', ')}`);
      txn.rcpt_to.splice(0, txn.rcpt_to.length, ...rest, ...forward.map((a) => new Address(`<${a}>`) as unknown as Haraka.Address));
      done();
    })
    .catch((err: Error) => {
      this.logerror(`bounceguard: [${txn.uuid}] inbound queue: ${err.message}`);
      done();
    });
}

export function shutdown(this: Haraka.Plugin): void {
  shutdownPlugin(this);
}

function notesOf(txn: Haraka.Transaction, create: true): Notes;
function notesOf(txn: Haraka.Transaction, create: false): Notes | undefined;
function notesOf(txn: Haraka.Transaction, create: boolean): Notes | undefined {
  const existing = txn.notes[NOTE] as Notes | undefined;
  if (existing || !create) return existing;
  const notes: Notes = { ours: [], dropped: [], signed: [], senders: [], listed: false };
  txn.notes[NOTE] = notes;
  return notes;
}

/**
 * `sender`: the original senders the BATV signatures name, and those of the believed recipients'
 * sent records (a VERP path names the recipient, its record the sender): the report is read first.
 */
async function forwardTargets(config: InboundConfig | undefined, notes: Notes): Promise<string[]> {
  if (!config?.forwardTo) return [];
  if (config.forwardTo !== 'sender') return [config.forwardTo];
  await withinBudget(notes.handled ?? Promise.resolve(), FORWARD_WAIT_MS, () => undefined);
  const batv = notes.signed.flatMap((s) => (s.kind === 'batv' ? [s.sender] : []));
  const seen = new Set<string>();
  return [...batv, ...notes.senders].filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
}

function logOncePerSource(plugin: Haraka.Plugin, connection: Haraka.Connection, rcpt: string, why: string, config: InboundConfig): void {
  const ip = connection.remote?.ip ?? 'unknown';
  if (loggedSources.has(ip)) return;
  if (loggedSources.size >= MAX_SOURCES) loggedSources.clear();
  loggedSources.add(ip);
  const what = config.rejectUnsigned ? 'refused' : 'accepted and dropped';
  plugin.lognotice(`bounceguard: ${what} mail from ${ip} to <${rcpt}>: return path ${why}; further ones from ${ip} are only counted (bounceguard_inbound_total)`);
}

async function handleReport(plugin: Haraka.Plugin, uuid: string, raw: Buffer, notes: Notes): Promise<void> {
  const rt = await runtime(plugin);
  const config = rt.config.current.inbound;
  const report = parseBounce(raw, { rules: rt.rules, maxBytes: config?.maxBytes });
  metrics.inboundCounted(`report-${report.kind}`);
  const records = rt.store ? new SentRecords(rt.store) : null;
  const checked = await checkReport(report, { signed: notes.signed, listed: notes.listed }, records);
  if (checked.length === 0) return plugin.loginfo(`bounceguard: [${uuid}] inbound ${report.kind}: nothing to record${report.error ? ` (${report.error})` : ''}`);
  const believed = checked.filter((c): c is Extract<Checked, { ours: true }> => c.ours);
  notes.senders.push(...believed.flatMap((c) => (c.origin.sender ? [c.origin.sender] : [])));
  for (const c of checked) {
    if (!c.ours) plugin.loginfo(`bounceguard: [${uuid}] inbound ${report.kind} rcpt=<${c.result.recipient}> not believed: ${c.why}`);
  }
  const policy = rt.suppression?.policy;
  if (!policy) return plugin.logwarn(`bounceguard: [${uuid}] inbound ${report.kind}: suppression disabled, ${believed.length} recipients not recorded`);
  const { recorded, refused, results } = await recordReport(policy, report, believed);
  if (refused) return plugin.logwarn(`bounceguard: [${uuid}] inbound ${report.kind}: ${refused}`);
  signalInbound(uuid, report, believed, results);
  for (const [i, r] of recorded.entries()) {
    const o = believed[i].result;
    plugin.lognotice(`bounceguard: [${uuid}] inbound ${report.kind} rcpt=<${r.recipient}> reason=${o.reason} bounce=${o.bounce} rule=${o.rule} action=${r.action}${r.why ? `(${r.why})` : ''}`);
  }
}
