import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../../sim/haraka';

/** A redis-server a test owns: loopback, an OS-picked port, no persistence. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the server again on the same port after stop(). */
  restart(): Promise<void>;
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * Whether Redis tests can run. Without redis-server they are skipped loudly, except on CI where a
 * missing server must fail the run rather than quietly drop a backend from the contract.
 */
export function redisAvailable(): boolean {
  if (process.env.REDIS_URL || hasRedisServer()) return true;
  if (process.env.CI === 'true') throw new Error('redis-server is not installed: CI must run the Redis tests');
  console.warn('\n*** redis-server not found: SKIPPING the Redis store tests ***\n');
  return false;
}


/** `persistDir`: keep data across stop/restart (append-only file, fsync on every write). */
export async function startRedis(opts: { persistDir?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  const persistence = opts.persistDir
    ? ['--dir', opts.persistDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--save', '', '--appendonly', 'no'];
  const launch = () => launchOn(port, persistence);
  let child: ChildProcess | null = await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child) await kill(child);
      child = null;
    },
    async restart() {
      if (!child) child = await launch();
    },
  };
}

async function launchOn(port: number, persistence: string[]): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', ...persistence];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} on port ${port}`);
    if (await pings(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  await kill(child);
  throw new Error(`redis-server did not answer PING on port ${port}`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
