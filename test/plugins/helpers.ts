import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const requireNative = createRequire(__filename);
const ROOT = path.resolve(__dirname, '../..');
// The shims load the compiled adapters natively; the tests must reach the same module instances.
export const runtimeModule = requireNative(path.join(ROOT, 'dist/plugins/lib/runtime.js')) as typeof import('../../plugins/lib/runtime');
export const fixtures = requireNative('haraka-test-fixtures') as {
  makePlugin(name: string, opts?: { configDir?: string; register?: boolean }): Haraka.Plugin & Record<string, (...args: unknown[]) => void> & { plugin_path?: string; name: string; register(): void };
  connection: { createConnection(): Haraka.Connection & { init_transaction(): void; relaying: boolean } };
};
const fixtureLogger = requireNative('haraka-test-fixtures/lib/logger') as {
  levels: Record<string, unknown>;
  add_log_methods(object: object, plugin: string): void;
};
const { Address } = requireNative('address-rfc2821') as { Address: new (s: string) => Haraka.Address };

export const CONT = undefined;
export const DENY = 902;

/**
 * A Haraka directory with the given bounceguard.ini; removed by the returned cleanup, which also
 * restores HARAKA (see makePlugin).
 */
export function configDir(ini: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-plugin-'));
  fs.mkdirSync(path.join(dir, 'config'));
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), ini);
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard-rules.ini'), '');
  const hadHaraka = Object.prototype.hasOwnProperty.call(process.env, 'HARAKA');
  const previous = process.env.HARAKA;
  let cleaned = false;
  return {
    dir,
    cleanup: () => {
      if (cleaned) return;
      cleaned = true;
      if (hadHaraka) process.env.HARAKA = previous;
      else delete process.env.HARAKA;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The plugin shim in this checkout's dev/plugins/, configured from `cfg`. HARAKA then points at cfg.dir until
 * cfg.cleanup(), so what the runtime keeps relative to the Haraka directory (the spool) lands
 * there, never in the repository. (Set only after creation: the fixtures look plugins up under HARAKA.)
 */
export function makePlugin(name: string, cfg: { dir: string }): ReturnType<typeof fixtures.makePlugin> {
  // By name, the fixtures look in the plugins/ next to the real path of their node_modules, which in a
  // git worktree (or with a linked node_modules) is another checkout, whose dist/ the tests do not
  // load: an absolute name pins this checkout's plugin, and with it runtimeModule's instance.
  const file = path.join(ROOT, 'dev', 'plugins', name);
  const plugin = fixtures.makePlugin(file, { configDir: cfg.dir, register: false });
  if (plugin.plugin_path !== `${file}.js`) throw new Error(`the fixtures loaded ${String(plugin.plugin_path)}, not ${file}.js`);
  plugin.name = name;
  for (const level of Object.keys(fixtureLogger.levels)) delete (plugin as Record<string, unknown>)[`log${level.toLowerCase()}`];
  fixtureLogger.add_log_methods(plugin, name);
  plugin.register();
  process.env.HARAKA = cfg.dir;
  return plugin;
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

/** What a hook passed to next(); `sync`: whether it called next() before the hook method returned. */
export interface HookAnswer {
  code: unknown;
  msg: unknown;
  sync: boolean;
}

/** next() calls that came after a callHook had resolved; see expectNoStrayNext(). */
const strayNextCalls: string[] = [];

/**
 * Calls a hook method and resolves with what it passed to next(). Haraka breaks when a hook calls
 * next() twice, so this waits a macrotask after the first call and rejects if a second came; one
 * that comes even later is kept for expectNoStrayNext() (call it in afterEach).
 */
export function callHook(plugin: Record<string, unknown>, method: string, ...args: unknown[]): Promise<HookAnswer> {
  return new Promise((resolve, reject) => {
    const calls: { code: unknown; msg: unknown }[] = [];
    let settled = false;
    let returned = false;
    const next = (code?: unknown, msg?: unknown) => {
      calls.push({ code, msg });
      if (settled) {
        strayNextCalls.push(`${method} called next() ${calls.length} times (late call: ${String(code)} ${String(msg)})`);
        return;
      }
      if (calls.length > 1) return;
      const sync = !returned;
      setImmediate(() => {
        settled = true;
        if (calls.length === 1) resolve({ ...calls[0], sync });
        else reject(new Error(`${method} called next() ${calls.length} times: ${JSON.stringify(calls)}`));
      });
    };
    try {
      (plugin[method] as (...a: unknown[]) => void).call(plugin, next, ...args);
    } catch (err) {
      reject(err as Error);
    } finally {
      returned = true;
    }
  });
}

/** The test's config directories, removed after each test (or sooner, by `now`). */
export interface Cleanups {
  add(cleanup: () => void): void;
  now(): void;
}

/** After each test: closes the plugins' runtime, removes the test's config directories and fails if a hook answered twice. */
export function cleanUpAfterEach(): Cleanups {
  const pending: Array<() => void> = [];
  const now = () => {
    for (const cleanup of pending.splice(0)) cleanup();
  };
  afterEach(async () => {
    await runtimeModule.closeRuntime();
    now();
    expectNoStrayNext();
  });
  return { add: (cleanup) => pending.push(cleanup), now };
}

/** Fails if any hook called next() again after its callHook had resolved. */
export function expectNoStrayNext(): void {
  const stray = strayNextCalls.splice(0);
  if (stray.length) throw new Error(`next() called more than once:\n${stray.join('\n')}`);
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
