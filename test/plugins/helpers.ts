import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const requireNative = createRequire(__filename);
const ROOT = path.resolve(__dirname, '../..');
// The shims load the compiled adapters natively; the tests must reach the same module instances.
export const runtimeModule = requireNative(path.join(ROOT, 'dist/plugins/lib/runtime.js')) as typeof import('../../plugins/lib/runtime');
export const fixtures = requireNative('haraka-test-fixtures') as {
  makePlugin(name: string, opts?: { configDir?: string; register?: boolean }): Haraka.Plugin & Record<string, (...args: unknown[]) => void>;
  connection: { createConnection(): Haraka.Connection & { init_transaction(): void; relaying: boolean } };
};
const { Address } = requireNative('address-rfc2821') as { Address: new (s: string) => Haraka.Address };

export const CONT = undefined;
export const DENY = 902;

/** A Haraka directory with the given bounceguard.ini; removed by the returned cleanup. */
export function configDir(ini: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-plugin-'));
  fs.mkdirSync(path.join(dir, 'config'));
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), ini);
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard-rules.ini'), '');
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function address(addr: string, dsn: Partial<Haraka.Address> = {}): Haraka.Address {
  return Object.assign(new Address(`<${addr}>`), dsn);
}

export function hmail(rcpts: Haraka.Address[], opts: { uuid?: string; from?: string } = {}): Haraka.HMailItem {
  const log = () => undefined;
  return {
    todo: {
      uuid: opts.uuid ?? `${Math.random().toString(16).slice(2)}.1`,
      queue_time: Date.now(),
      domain: rcpts[0]?.host ?? 'example.net',
      mail_from: address(opts.from ?? 'sender@haraka.test'),
      rcpt_to: rcpts,
      notes: {},
    },
    num_failures: 0,
    filename: 'test',
    logdebug: log, loginfo: log, lognotice: log, logwarn: log, logerror: log, logcrit: log,
  };
}

/** Calls a hook method and resolves with what it passed to next(), and how long that took. */
export function callHook(plugin: Record<string, unknown>, method: string, ...args: unknown[]): Promise<{ code: unknown; msg: unknown; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    (plugin[method] as (...a: unknown[]) => void).call(plugin, (code?: unknown, msg?: unknown) => resolve({ code, msg, ms: Date.now() - started }), ...args);
  });
}

export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
