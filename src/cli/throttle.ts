import Table from 'cli-table3';
import type { Command } from 'commander';
import { MAIN_FILE } from '../config';
import { formatRate, SharedPaceStore, ThrottleController, type PaceStatus } from '../throttle';
import { configOf, withStore } from './context';

// No colours: tables are read in logs and pipes as often as on terminals.
const PLAIN = { head: [], border: [] };

export function registerThrottleCommand(program: Command): void {
  const throttle = program.command('throttle').description('Adaptive throttling: the pace of each destination');
  throttle
    .command('status')
    .description('Every destination with a stored pace: current pace, last signal, next raise, release')
    .option('--json', 'one JSON object a destination (times in epoch ms)')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      process.exitCode = 2;
      const status = await withStore(cmd, { writes: false }, (store, dir) => {
        const { throttle: config } = configOf(dir, [MAIN_FILE], ['throttle']);
        return new ThrottleController({ config, store: new SharedPaceStore(store), now: Date.now }).status();
      });
      if (opts.json) for (const s of status) console.log(JSON.stringify(s));
      else printStatus(status, Date.now());
      process.exitCode = 0;
    });
}

function printStatus(status: PaceStatus[], now: number): void {
  if (status.length === 0) {
    console.log('no destination is throttled');
    return;
  }
  const table = new Table({ head: ['destination', 'pace', 'last signal', 'rule', 'next raise', 'release'], style: PLAIN });
  for (const s of status) {
    table.push([s.key, formatRate(s.rate), when(s.lastSignalAt, now), s.lastSignalRule ?? '-', when(s.nextRaiseAt, now), when(s.releaseAt, now)]);
  }
  console.log(table.toString());
}

/** A time both exact and relative: operators compare it with log lines and with now. */
function when(at: number | null, now: number): string {
  if (at === null) return '-';
  const iso = new Date(at).toISOString().slice(0, 19).replace('T', ' ');
  const secs = Math.round((at - now) / 1000);
  return `${iso} (${secs >= 0 ? `in ${duration(secs)}` : `${duration(-secs)} ago`})`;
}

function duration(secs: number): string {
  if (secs < 120) return `${secs}s`;
  if (secs < 7200) return `${Math.round(secs / 60)}m`;
  return `${Math.round(secs / 3600)}h`;
}
