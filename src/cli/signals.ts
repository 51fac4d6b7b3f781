import { Option, type Command } from 'commander';
import type { AlertState } from '../alerts';
import { EVENT_TYPES, type BounceguardEvent, type EventType } from '../events/types';
import type { SuppressionStore } from '../store/types';
import { withStore } from './context';
import { out } from './output';

const PLAIN = { head: [], border: [] };
/** How far back `events tail` looks for events of the asked type. */
const TAIL_LOOKBACK = 10_000;

export function registerSignalsCommands(program: Command): void {
  program
    .command('alerts')
    .description('Active alerts, then the most recent raised and cleared ones')
    .option('--json', 'one JSON object: {active: [...], recent: [...]}')
    .option('-n, --recent <count>', 'recent changes to show', (v) => Number.parseInt(v, 10), 20)
    .action(async (opts: { json?: boolean; recent: number }, cmd: Command) => {
      process.exitCode = 2;
      const { ALERT_STATE_KEY } = await import('../alerts/evaluate');
      const state = await withStore(cmd, { writes: false }, (store) => store.getState<AlertState>(ALERT_STATE_KEY));
      const active = Object.values(state?.active ?? {});
      const recent = (state?.recent ?? []).slice(0, opts.recent);
      if (opts.json) await out.line(JSON.stringify({ active, recent }));
      else await printAlerts(active, recent);
      process.exitCode = 0;
    });
  program
    .command('events')
    .description('The event outbox')
    .command('tail')
    .description('The latest events, one JSON line each (oldest first)')
    .addOption(new Option('-t, --type <type>', 'only events of this type').choices([...EVENT_TYPES]))
    .option('-n, --lines <count>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .option('-f, --follow', 'keep printing new events until interrupted')
    .action(async (opts: { type?: EventType; lines: number; follow?: boolean }, cmd: Command) => {
      process.exitCode = 2;
      await withStore(cmd, { writes: false }, (store) => tail(store, opts));
      process.exitCode = 0;
    });
}

async function tail(store: SuppressionStore, opts: { type?: EventType; lines: number; follow?: boolean }): Promise<void> {
  const { EVENT_STREAM } = await import('../events');
  const last = await store.lastLogSeq(EVENT_STREAM);
  const wanted = (e: BounceguardEvent) => !opts.type || e.type === opts.type;
  const events = await read(store, EVENT_STREAM, Math.max(0, last - (opts.type ? TAIL_LOOKBACK : opts.lines)), Number.MAX_SAFE_INTEGER);
  for (const { event } of events.filter((x) => wanted(x.event)).slice(-opts.lines)) await out.line(JSON.stringify(event));
  await out.flush();
  let seq = Math.max(last, events.at(-1)?.seq ?? 0);
  while (opts.follow) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const { seq: s, event } of await read(store, EVENT_STREAM, seq, 1000)) {
      seq = s;
      if (wanted(event)) await out.line(JSON.stringify(event));
    }
    await out.flush();
  }
}

async function read(store: SuppressionStore, stream: string, after: number, limit: number): Promise<{ seq: number; event: BounceguardEvent }[]> {
  const items = await store.readLog(stream, after, limit);
  return items.flatMap(({ seq, item }) => {
    try {
      return [{ seq, event: JSON.parse(item) as BounceguardEvent }];
    } catch {
      return [];
    }
  });
}

async function printAlerts(active: AlertState['recent'], recent: AlertState['recent']): Promise<void> {
  const { default: Table } = await import('cli-table3');
  if (active.length === 0) await out.line('no active alerts');
  else {
    const table = new Table({ head: ['severity', 'rule', 'subject', 'since', 'summary'], style: PLAIN });
    for (const a of active) table.push([a.severity, a.rule, `${a.dimension} ${a.subject}`, a.raisedAt, a.summary]);
    await out.line(table.toString());
  }
  if (recent.length === 0) return;
  await out.line('\nrecent changes:');
  const table = new Table({ head: ['state', 'at', 'severity', 'rule', 'subject'], style: PLAIN });
  for (const a of recent) table.push([a.state, a.clearedAt ?? a.raisedAt, a.severity, a.rule, `${a.dimension} ${a.subject}`]);
  await out.line(table.toString());
}
