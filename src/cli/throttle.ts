import { InvalidArgumentError, type Command } from 'commander';
import { MAIN_FILE } from '../config/files';
import type { Destination, PaceStatus, ThrottleController } from '../throttle';
import { configOf, withStore } from './context';
import { out } from './output';

// No colours: tables are read in logs and pipes as often as on terminals.
const PLAIN = { head: [], border: [] };

export function registerThrottleCommand(program: Command): void {
  const throttle = program.command('throttle').description('Adaptive throttling: the pace of each destination, and an operator\'s say over it');
  registerControl(throttle);
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
  const table = new Table({ head: ['destination', 'pace', 'last signal', 'rule', 'next raise', 'release', 'operator'], style: PLAIN });
  for (const s of status) {
    const pace = s.override?.kind === 'pause' ? 'paused' : formatRate(s.rate);
    table.push([s.key, pace, when(s.lastSignalAt, now), s.lastSignalRule ?? '-', when(s.nextRaiseAt, now), when(s.releaseAt, now), s.override?.kind ?? '-']);
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

const DEST_HELP = 'a destination as status names it (provider:google, domain:example.com), or a recipient domain';

/**
 * `throttle set|pause|release`: written to the shared store, where every Haraka worker (and host)
 * reads it within a second (src/throttle/override.ts).
 */
function registerControl(throttle: Command): void {
  throttle
    .command('set')
    .argument('<destination>', DEST_HELP)
    .argument('<rate>', 'messages a second, minute or hour: 5/s, 120/m, 900/h')
    .description('hold a destination at a fixed pace: no raise, cut or release until it ends')
    .option('--for <duration>', 'for this long (30m, 2h, 1d); default: until released')
    .action(async (dest: string, rateText: string, opts: { for?: string }, cmd: Command) => {
      const { parseRate, formatRate } = await import('../throttle');
      const rate = parsed(() => parseRate(rateText));
      await control(cmd, dest, opts.for, (ctl, d, until, at) => ctl.setOverride(d, { kind: 'set', rate, until, at }), `held at ${formatRate(rate)}`);
    });
  throttle
    .command('pause')
    .argument('<destination>', DEST_HELP)
    .description('send nothing to a destination; its messages wait in the queue')
    .option('--for <duration>', 'for this long (30m, 2h, 1d); default: until released')
    .action(async (dest: string, opts: { for?: string }, cmd: Command) => {
      await control(cmd, dest, opts.for, (ctl, d, until, at) => ctl.setOverride(d, { kind: 'pause', until, at }), 'paused');
    });
  throttle
    .command('release')
    .argument('<destination>', DEST_HELP)
    .description('lift a set or pause, and end the adaptive pace too: the destination is unthrottled now')
    .action(async (dest: string, _opts: unknown, cmd: Command) => {
      await control(cmd, dest, undefined, (ctl, d) => ctl.release(d), 'released');
    });
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

type Apply = (ctl: ThrottleController, dest: Destination, until: number | null, at: number) => Promise<void>;

async function control(cmd: Command, destText: string, forText: string | undefined, apply: Apply, done: string): Promise<void> {
  const { parseRelative } = await import('../util/time');
  const at = Date.now();
  let until: number | null = null;
  if (forText !== undefined) {
    const ms = parseRelative(forText);
    if (ms === null || ms <= 0) cmd.error(`error: option '--for': not a duration: ${forText} (write 30m, 2h, 1d)`, { exitCode: 2 });
    until = at + ms!;
  }
  const { destinationFromKey, destinationOf, SharedPaceStore, ThrottleController } = await import('../throttle');
  await withStore(cmd, { writes: true }, async (store, dir) => {
    const { throttle: config } = await configOf(dir, [MAIN_FILE], ['throttle']);
    let dest: Destination;
    try {
      dest = /^(provider|domain):/.test(destText) ? destinationFromKey(destText, config) : destinationOf({ recipientDomain: destText }, config);
    } catch (err) {
      return cmd.error(`error: ${(err as Error).message}`, { exitCode: 2 });
    }
    await apply(new ThrottleController({ config, store: new SharedPaceStore(store), now: Date.now }), dest, until, at);
    await out.line(`${dest.key} ${done}${until === null ? (done === 'released' ? '' : ' until released') : ` until ${new Date(until).toISOString()}`}`);
  });
}
