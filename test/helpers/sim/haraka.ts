import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The repository root, from the source or its build under dist/: the nearest folder with a package.json. */
export const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
})();
export const HARAKA_BIN = path.join(ROOT, 'node_modules', 'Haraka', 'bin', 'haraka');

export interface HarakaOptions {
  mxPort: number;
  /** Recipient domains routed to another fake MX: domain to port. */
  routes?: Record<string, number>;
  /** Plugin names for config/plugins, after relay and the fake-MX router. */
  plugins?: string[];
  /** Extra config files: name (under config/) to content. */
  config?: Record<string, string>;
  /** Extra plugin files: name (under plugins/) to source. */
  pluginFiles?: Record<string, string>;
  /** Workers (smtp.ini nodes); 0 = single process. */
  nodes?: number;
  /** Extra smtp.ini lines after listen= and nodes= (e.g. user= and group=). */
  smtpIni?: string;
  /** An existing Haraka directory (made with `haraka -i`) to configure and run; default: a new temporary one. */
  dir?: string;
}

export interface RunningHaraka {
  port: number;
  dir: string;
  /** The Haraka process (with nodes=N, the master). */
  pid: number;
  logs(): string;
  stop(): Promise<void>;
}

/** A free loopback port, chosen by the OS. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ROUTER = `'use strict';
// Simulation only: every destination's MX is a loopback fake MX (fake_mx_routes: "domain port" lines).
exports.hook_get_mx = function (next, hmail, domain) {
  const routes = this.config.get('fake_mx_routes', 'list').map((l) => l.split(/\\s+/));
  const route = routes.find(([d]) => d === domain);
  const port = route ? route[1] : this.config.get('fake_mx_port', 'value');
  next(OK, { exchange: '127.0.0.1', port: Number(port), priority: 10, bind_helo: 'haraka.test' });
};
`;

function writeConfig(dir: string, port: number, opts: HarakaOptions): void {
  const cfg = path.join(dir, 'config');
  fs.mkdirSync(cfg, { recursive: true });
  fs.mkdirSync(path.join(dir, 'plugins'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'queue'), { recursive: true });
  // The development Haraka directory (dev/config) is the base; each run writes its own listener and plugins.
  const devConfig = path.join(ROOT, 'dev', 'config');
  for (const f of fs.readdirSync(devConfig)) fs.copyFileSync(path.join(devConfig, f), path.join(cfg, f));
  for (const f of fs.readdirSync(path.join(ROOT, 'node_modules', 'Haraka', 'config'))) {
    if (f.startsWith('outbound.bounce_message')) fs.copyFileSync(path.join(ROOT, 'node_modules', 'Haraka', 'config', f), path.join(cfg, f));
  }
  const files: Record<string, string> = {
    'smtp.ini': `listen=127.0.0.1:${port}\nnodes=${opts.nodes ?? 0}\n${opts.smtpIni ?? ''}`,
    'plugins': ['relay', 'route_to_fake_mx', ...(opts.plugins ?? [])].join('\n') + '\n',
    'fake_mx_port': `${opts.mxPort}\n`,
    'fake_mx_routes': Object.entries(opts.routes ?? {}).map(([d, p]) => `${d} ${p}\n`).join(''),
    'outbound.ini': 'temp_fail_intervals=5s*2\n',
    'log.ini': '[main]\nlevel=info\ntimestamps=true\n',
    'me': 'haraka.test\n',
    ...opts.config,
  };
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(cfg, name), content);
  fs.writeFileSync(path.join(dir, 'plugins', 'route_to_fake_mx.js'), ROUTER);
  for (const [name, source] of Object.entries(opts.pluginFiles ?? {})) fs.writeFileSync(path.join(dir, 'plugins', name), source);
}

async function waitForPort(port: number, child: ChildProcess, logs: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Haraka exited (${child.exitCode}) before listening:\n${logs().slice(-3000)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Haraka did not listen on ${port} within ${timeoutMs} ms:\n${logs().slice(-3000)}`);
}

/** Starts a real Haraka in a temporary directory, relaying for 127.0.0.1 to the fake MX. */
export async function startHaraka(opts: HarakaOptions): Promise<RunningHaraka> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bg-haraka-'));
  const port = await freePort();
  writeConfig(dir, port, opts);
  let output = '';
  const child = spawn(process.execPath, [HARAKA_BIN, '-c', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HARAKA_TEST_DIR: '' } });
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const logs = () => output;
  try {
    await waitForPort(port, child, logs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    port,
    dir,
    pid: child.pid!,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
