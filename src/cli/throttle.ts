import type { Command } from 'commander';
import { MAIN_FILE } from '../config/files';
import type { PaceStatus } from '../throttle';
import { configOf, withStore } from './context';
import { out } from './output';

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
      const { formatRate, SharedPaceStore, ThrottleController } = await import('../throttle');
      const status = await withStore(cmd, { writes: false }, async (store, dir) => {
        const { throttle: config } = await configOf(dir, [MAIN_FILE], ['throttle']);
        return new ThrottleController({ config, store: new SharedPaceStore(store), now: Date.now }).status();
      });
      if (opts.json) for (const s of status) await out.line(JSON.stringify(s));
      else await printStatus(status, Date.now(), formatRate);
      process.exitCode = 0;
    });
}

async function printStatus(status: PaceStatus[], now: number, formatRate: (rate: number | null) => string): Promise<void> {
  if (status.length === 0) {
    await out.line('no destination is throttled');
    return;
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: ['destination', 'pace', 'last signal', 'rule', 'next raise', 'release'], style: PLAIN });
  for (const s of status) {
    table.push([s.key, formatRate(s.rate), when(s.lastSignalAt, now), s.lastSignalRule ?? '-', when(s.nextRaiseAt, now), when(s.releaseAt, now)]);
  }
  await out.line(table.toString());
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
