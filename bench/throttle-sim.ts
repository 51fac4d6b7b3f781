/**
 * Adaptive throttling in simulation: a virtual clock, no network. One provider accepts a hidden
 * rate (token bucket) and answers 421 4.7.28 above it; another domain accepts everything. A
 * Haraka-like sender (delivery queue with a concurrency limit, fixed retry schedule) delivers
 * 1,000 messages to the provider and 200 to the other domain, without and with the controller.
 *   node dist/bench/throttle-sim.js [rate=5] [burst=5] [key=value ...]
 * rate and burst shape the hidden limit (msg/s, bucket size). concurrency=N and attempt_ms=N shape
 * the sender (defaults below); workers=N splits the mail over N controllers sharing one store, as
 * Haraka's nodes=N workers share the pace through SQLite or Redis; any other key=value sets a [throttle] key of bounceguard.ini for the
 * controlled run, e.g. max_hold=0 decrease_factor=0.5.
 */
import type { Outcome } from '../src/classify/types';
import { parseThrottleConfig, type ThrottleConfig } from '../src/throttle/config';
import { ThrottleController } from '../src/throttle/controller';
import type { Destination } from '../src/throttle/destination';
import { describeChange, type PaceChange, type Ticket } from '../src/throttle/pace';
import { MemoryPaceStore } from '../src/throttle/store';

const MAIN = { recipientDomain: 'gmail.com', mx: 'gmail-smtp-in.l.google.com' };
const OTHER = { recipientDomain: 'example.org', mx: 'mx.example.org' };
const MAIN_COUNT = 1000;
const OTHER_COUNT = 200;
/** Haraka's outbound.concurrency_max as its shipped ini suggests, and one SMTP transaction's length. */
const SENDER = { concurrency: 100, attempt_ms: 500, workers: 1 };
/** Haraka's default: 64 s doubling, the bounce after 13 temporary failures. */
const RETRY_BASE_S = 64;
const MAX_FAILURES = 13;
const T0 = 1_700_000_000_000;
/** Where Haraka's one-second timer tick falls relative to the start (any phase will do). */
const TICK_PHASE_MS = 370;

interface Message {
  id: number;
  main: boolean;
  failures: number;
  ticket: Ticket | null;
}

interface Result {
  throttleReplies: number;
  attempts: number;
  delays: number;
  delivered: number;
  bounced: number;
  mainDoneS: number | null;
  otherDoneS: number | null;
  changes: PaceChange[];
}

/** Discrete events in time order; handlers may be async (the controller is). */
class Clock {
  now = T0;
  private events: { at: number; seq: number; run: () => Promise<void> | void }[] = [];
  private seq = 0;

  at(at: number, run: () => Promise<void> | void): void {
    this.events.push({ at, seq: this.seq++, run });
  }

  async drain(): Promise<void> {
    while (this.events.length) {
      // Sort lazily: events are few enough, and (at, seq) keeps same-instant order stable.
      this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const e = this.events.shift()!;
      this.now = e.at;
      await e.run();
    }
  }
}

function nextTick(at: number): number {
  return T0 + TICK_PHASE_MS + Math.ceil((at - T0 - TICK_PHASE_MS) / 1000) * 1000;
}

interface Limit {
  rate: number;
  burst: number;
}

/** The hidden limit: a token bucket refilled at `rate`, holding at most `burst`. */
function tokenBucket({ rate, burst }: Limit, clock: Clock): () => boolean {
  let tokens = burst;
  let last = clock.now;
  return () => {
    tokens = Math.min(burst, tokens + ((clock.now - last) / 1000) * rate);
    last = clock.now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

function outcome(throttle: boolean): Outcome {
  return throttle
    ? { code: 421, enhanced: '4.7.28', reason: 'speeding', bounce: 'soft', suppress: false, throttle: true, provider: 'google', rule: 'google.unusual-rate', evidence: 'provider', inDoubt: false }
    : { code: 250, enhanced: '2.0.0', reason: 'delivered', bounce: 'none', suppress: false, throttle: false, provider: null, rule: 'delivered', evidence: 'code-only', inDoubt: false };
}

async function simulate(limit: Limit, config: ThrottleConfig | null): Promise<Result> {
  const clock = new Clock();
  const accept = tokenBucket(limit, clock);
  const store = new MemoryPaceStore(() => clock.now);
  const ctls = config ? Array.from({ length: SENDER.workers }, () => new ThrottleController({ config, store, now: () => clock.now })) : [];
  const ctlOf = (m: Message): ThrottleController | undefined => ctls[m.id % ctls.length];
  const dests = ctls.length ? { main: ctls[0].destinationOf(MAIN), other: ctls[0].destinationOf(OTHER) } : null;
  const r: Result = { throttleReplies: 0, attempts: 0, delays: 0, delivered: 0, bounced: 0, mainDoneS: null, otherDoneS: null, changes: [] };
  const waiting: Message[] = [];
  let running = 0;
  const elapsed = () => (clock.now - T0) / 1000;
  const destOf = (m: Message): Destination => (m.main ? dests!.main : dests!.other);

  // Haraka's delay queue (DELAY and retries alike) releases what is due on a one-second tick.
  const due = (m: Message, afterS: number) => clock.at(nextTick(clock.now + afterS * 1000), () => { waiting.push(m); pump(); });
  const pump = () => {
    while (running < SENDER.concurrency && waiting.length) {
      running++;
      const m = waiting.shift()!;
      clock.at(clock.now, () => sendEmail(m));
    }
  };
  // Haraka runs send_email once the delivery queue gives the message a slot, before every attempt.
  const sendEmail = async (m: Message) => {
    const ctl = ctlOf(m);
    if (ctl) {
      const res = await ctl.reserve(destOf(m), m.ticket);
      r.changes.push(...res.changes);
      if (!res.sendNow) {
        m.ticket = res.ticket;
        r.delays++;
        running--;
        due(m, res.delaySeconds);
        pump();
        return;
      }
      m.ticket = null;
      if (res.waitMs > 0) return clock.at(clock.now + res.waitMs, () => attempt(m));
    }
    attempt(m);
  };
  const attempt = (m: Message) => {
    r.attempts++;
    const ok = !m.main || accept();
    clock.at(clock.now + SENDER.attempt_ms, () => reply(m, ok));
  };
  const reply = async (m: Message, ok: boolean) => {
    running--;
    const ctl = ctlOf(m);
    if (ctl) r.changes.push(...(await ctl.onOutcome(destOf(m), outcome(!ok))));
    if (ok) {
      r.delivered++;
      if (m.main) r.mainDoneS = elapsed();
      else r.otherDoneS = elapsed();
    } else {
      r.throttleReplies++;
      deferred(m);
    }
    pump();
  };
  // With the plugin a throttle deferral keeps the retry budget and comes back through send_email at once.
  const deferred = (m: Message) => {
    if (ctls.length) return due(m, 1);
    m.failures++;
    if (m.failures >= MAX_FAILURES) r.bounced++;
    else due(m, RETRY_BASE_S * 2 ** (m.failures - 1));
  };

  for (let i = 0; i < MAIN_COUNT + OTHER_COUNT; i++) {
    // Interleaved as a mixed campaign would be: one message in six to the other domain.
    waiting.push({ id: i, main: i % 6 !== 5 || i >= OTHER_COUNT * 6, failures: 0, ticket: null });
  }
  pump();
  await clock.drain();
  return r;
}

function report(label: string, r: Result, ideal: number): void {
  const done = r.mainDoneS === null ? 'never' : `${r.mainDoneS.toFixed(1)} s (${(r.mainDoneS / ideal).toFixed(2)}x ideal)`;
  console.log(`${label}:`);
  console.log(`  throttle replies      ${r.throttleReplies}`);
  console.log(`  attempts / DELAYs     ${r.attempts} / ${r.delays}`);
  console.log(`  delivered / bounced   ${r.delivered} / ${r.bounced}`);
  console.log(`  provider done after   ${done}`);
  console.log(`  other domain done     ${r.otherDoneS === null ? 'never' : `${r.otherDoneS.toFixed(1)} s`}`);
}

async function main(): Promise<void> {
  const [rate, burst, ...pairs] = process.argv.slice(2);
  const limit = { rate: Number(rate ?? 5) || 5, burst: Number(burst ?? 5) || 5 };
  const throttle: Record<string, unknown> = {};
  for (const [k, v = ''] of pairs.map((kv) => kv.split('=', 2))) {
    // As Haraka's ini reader does: numbers become numbers.
    const value = /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    if (k === 'concurrency' || k === 'attempt_ms' || k === 'workers') SENDER[k] = Number(value) || SENDER[k];
    else throttle[k] = value;
  }
  const settings = Object.entries(throttle).map(([k, v]) => `${k}=${String(v)}`);
  const ideal = MAIN_COUNT / limit.rate;
  console.log(`hidden limit ${limit.rate}/s, burst ${limit.burst}; ${MAIN_COUNT} messages to it + ${OTHER_COUNT} to another domain; ideal ${ideal} s`);
  console.log(`sender: ${SENDER.workers} worker(s), concurrency ${SENDER.concurrency}, ${SENDER.attempt_ms} ms a delivery attempt, retries at 64 s doubling, bounce after ${MAX_FAILURES}`);
  const without = await simulate(limit, null);
  const withCtl = await simulate(limit, parseThrottleConfig({ throttle }));
  report('without the controller', without, ideal);
  report(`with the controller (${settings.length ? settings.join(' ') : 'default settings'})`, withCtl, ideal);
  const cuts = withCtl.changes.filter((c) => c.kind === 'cut');
  console.log(`  pace changes          ${withCtl.changes.length} (${cuts.length} cuts); first ones:`);
  for (const c of withCtl.changes.slice(0, Number(process.env.SIM_CHANGES ?? 6))) console.log(`    t=${((c.at - T0) / 1000).toFixed(1)}s ${describeChange(c)}`);
  const ratio = withCtl.throttleReplies / Math.max(1, without.throttleReplies);
  const time = (withCtl.mainDoneS ?? Infinity) / ideal;
  const targets = [
    [`throttle replies ${(ratio * 100).toFixed(1)}% of the run without (target <= 10%)`, ratio <= 0.1],
    [`all mail delivered in ${time.toFixed(2)}x ideal (target <= 1.3x)`, withCtl.delivered === MAIN_COUNT + OTHER_COUNT && time <= 1.3],
    [`other domain done in ${withCtl.otherDoneS?.toFixed(1)} s with, ${without.otherDoneS?.toFixed(1)} s without`, (withCtl.otherDoneS ?? Infinity) <= (without.otherDoneS ?? Infinity)],
  ] as const;
  for (const [text, ok] of targets) console.log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
  if (targets.some(([, ok]) => !ok)) process.exitCode = 1;
}

void main();
