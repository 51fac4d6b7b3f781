import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createClient } from 'redis';
import { freePort } from './sim/haraka';

/** A redis-server a test owns: loopback, an OS-picked port, no persistence. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the server again on the same port after stop(). */
  restart(): Promise<void>;
}

/** A Redis a test may write to: REDIS_URL when set (shared), else a redis-server of its own. */
export interface RedisForTest {
  url: string;
  /** True for REDIS_URL: other tests use it too, so only touch keys under your own prefix. */
  shared: boolean;
  /** Stops the server this helper started; leaves REDIS_URL's server alone. */
  release(): Promise<void>;
}

/** CI is any non-empty value other than 'false' or '0'. */
export function onCI(): boolean {
  const ci = (process.env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * Whether Redis tests can run. Without REDIS_URL or redis-server they are skipped loudly, except on
 * CI where a missing Redis must fail the run rather than quietly drop a backend from the contract.
 */
export function redisAvailable(): boolean {
  if (process.env.REDIS_URL || hasRedisServer()) return true;
  if (onCI()) throw new Error('neither REDIS_URL nor redis-server is available: CI must run the Redis tests');
  console.warn('\n*** neither REDIS_URL nor redis-server found: SKIPPING the Redis store tests ***\n');
  return false;
}

/**
 * Whether a test that must stop and restart a server of its own can run: that needs redis-server
 * itself, REDIS_URL is not enough. Skipped loudly without it; on CI a missing server fails the run.
 */
export function redisServerAvailable(what: string): boolean {
  if (hasRedisServer()) return true;
  const why = `redis-server is not installed: ${what} needs a server of its own to stop and restart (REDIS_URL cannot be used for that)`;
  if (onCI()) throw new Error(`${why}; CI must run it`);
  console.warn(`\n*** ${why}: SKIPPING it ***\n`);
  return false;
}

/** REDIS_URL when set, else a redis-server started for the caller. */
export async function useRedis(): Promise<RedisForTest> {
  const shared = process.env.REDIS_URL;
  if (shared) return { url: shared, shared: true, release: async () => undefined };
  const own = await startRedis();
  return { url: own.url, shared: false, release: () => own.stop() };
}

/** A key prefix no other test (or earlier run) uses: `${name}:${pid}:${random}:`. */
export function uniquePrefix(name: string): string {
  return `${name}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN + DEL); returns how many it deleted. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('deleteKeys needs a non-empty prefix');
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let deleted = 0;
    let cursor = '0';
    do {
      const reply = await client.scan(cursor, { MATCH: pattern, COUNT: 1000 });
      cursor = String(reply.cursor);
      if (reply.keys.length) deleted += await client.del(reply.keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.destroy();
  }
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
  // Without a listener a failed spawn (ENOENT, EACCES) is an uncaught error that kills the worker.
  const spawned: { error?: Error } = {};
  child.on('error', (err) => { spawned.error = err; });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (spawned.error) throw new Error(`could not start redis-server: ${spawned.error.message}`);
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
    // No pid: it never started, so there is nothing to wait for.
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
