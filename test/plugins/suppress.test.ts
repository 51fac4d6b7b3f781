import net from 'node:net';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { deleteKeys, redisAvailable, uniquePrefix, useRedis } from '../helpers/redis';
import { address, callHook, cleanUpAfterEach, configDir, CONT, DENY, fixtures, makePlugin, runtimeModule } from './helpers';

const cleanups = cleanUpAfterEach();

/** The plugin over the given bounceguard.ini, its runtime open; what it logs is collected in `lines`. */
async function pluginWith(ini: string) {
  const cfg = configDir(ini);
  cleanups.add(cfg.cleanup);
  const plugin = makePlugin('bounceguard-suppress', cfg);
  const lines: string[] = [];
  for (const level of ['loginfo', 'lognotice', 'logwarn', 'logerror'] as const) plugin[level] = (l: unknown) => { lines.push(`${level} ${String(l)}`); };
  const rt = await runtimeModule.runtime(plugin);
  return { plugin, rt, lines };
}

function relayingConnection(relaying = true) {
  const conn = fixtures.connection.createConnection();
  conn.relaying = relaying;
  conn.init_transaction();
  return conn;
}

const entry = (key: string, reason: 'userunknown' | 'hostunknown' = 'userunknown') => ({
  key, reason, bounce: 'hard' as const, source: 'smtp' as const, code: 550, enhanced: '5.1.1', reply: '550 5.1.1 unknown',
  provider: null, firstSeen: Date.parse('2026-11-01T00:00:00Z'), lastSeen: Date.now(), count: 1, expiresAt: null,
});

describe('bounceguard-suppress', () => {
  it('refuses a suppressed recipient of a relaying client, telling the prober nothing but "suppressed"', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n');
    await rt.suppression!.store.put({ ...entry('dead@a.example'), reason: 'feedback', source: 'arf' });
    const r = await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('Dead@A.Example')]);
    expect(r.code).toBe(DENY);
    expect(r.msg).toBe('5.1.1 <Dead@A.Example> recipient suppressed');
    expect(r.msg).not.toMatch(/feedback|arf|2026/);
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('alive@a.example')])).code).toBe(CONT);
  });

  it('names the scope, reason and date only when reject_message asks for them', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n\n[suppress]\nreject_message=5.7.1 {scope} is suppressed: {reason} since {since}\n');
    await rt.suppression!.store.put(entry('@gone.example', 'hostunknown'));
    const r = await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('anyone@gone.example')]);
    expect(r.msg).toBe('5.7.1 domain gone.example is suppressed: hostunknown since 2026-11-01');
  });

  it('uses the configured rejection text', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n\n[suppress]\nreject_message=5.1.1 {scope} bounced before ({reason}, {source}, {since})\n');
    await rt.suppression!.store.put(entry('dead@a.example'));
    const r = await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')]);
    expect(r.msg).toBe('5.1.1 <dead@a.example> bounced before (userunknown, smtp, 2026-11-01)');
  });

  it('refuses every address of a suppressed domain', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n');
    await rt.suppression!.store.put(entry('@gone.example', 'hostunknown'));
    const r = await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('anyone@gone.example')]);
    expect(r.code).toBe(DENY);
    expect(r.msg).toBe('5.1.1 <anyone@gone.example> recipient suppressed');
  });

  it('leaves inbound mail (not relaying) alone', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n');
    await rt.suppression!.store.put(entry('dead@a.example'));
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(false), [address('dead@a.example')])).code).toBe(CONT);
  });

  it('always lets an allowlisted address through', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n\n[allowlist]\naddresses=dead@a.example\n');
    await rt.suppression!.store.put(entry('dead@a.example'));
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')])).code).toBe(CONT);
  });

  it('drops suppressed recipients from injected mail and keeps the others', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n');
    await rt.suppression!.store.put(entry('dead@a.example'));
    const conn = relayingConnection();
    conn.transaction!.rcpt_to.push(address('dead@a.example'), address('alive@a.example'));
    expect((await callHook(plugin, 'bounceguard_injected', conn)).code).toBe(CONT);
    expect(conn.transaction!.rcpt_to.map((a) => `${a.user}@${a.host}`)).toEqual(['alive@a.example']);
  });

  it('lets the mail through within its time budget when the store hangs', async () => {
    // A "Redis" that accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { plugin } = await pluginWith(`[store]\nbackend=redis\nredis_url=redis://127.0.0.1:${port}\ntimeout_ms=50\n`);
      const r = await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')]);
      // The store was reached and never answered: CONT can only be the budget's fallback. (The budget
      // being short is what vitest's test timeout bounds; speed targets live in bench/.)
      expect(sockets.length).toBeGreaterThan(0);
      expect(r.code).toBe(CONT);
    } finally {
      await runtimeModule.closeRuntime();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('with an invalid config, lets mail through and says why once', async () => {
    const { plugin, rt, lines } = await pluginWith('[store]\nbackend=floppy\n');
    expect(rt.suppression).toBeNull();
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')])).code).toBe(CONT);
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('other@a.example')])).code).toBe(CONT);
    const errors = lines.filter((l) => l.startsWith('logerror '));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/config\/bounceguard\.ini \[store\] backend=floppy: must be one of memory, sqlite, redis$/);
    expect(errors[1]).toMatch(/store settings refused: the store, and with it suppression and throttling, is off until the file is fixed/);
  });

  it.runIf(redisAvailable())("shares haraka-plugin-redis's client instead of opening its own", async () => {
    const redis = await useRedis();
    // A database of its own on the server: the plugin's own client, had it opened one, would sit
    // there too, and other tests' clients (REDIS_URL may be shared) do not.
    const db = 13;
    const url = new URL(redis.url);
    url.pathname = `/${db}`;
    const prefix = uniquePrefix('share');
    const client = createClient({ url: url.toString() });
    await client.connect();
    try {
      const cfg = configDir(`[store]\nbackend=redis\nredis_url=${url.toString()}\nredis_prefix=${prefix}\ntimeout_ms=1000\n`);
      cleanups.add(cfg.cleanup);
      const plugin = makePlugin('bounceguard-suppress', cfg);
      expect((await callHook(plugin, 'bounceguard_init', { notes: { redis: client } })).code).toBe(CONT);
      const rt = await runtimeModule.runtime(plugin);
      await rt.suppression!.store.put(entry('dead@a.example'));
      expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')])).code).toBe(DENY);
      // The entry went through the shared client, into its database.
      expect(await client.exists(`${prefix}e:dead@a.example`)).toBe(1);
      const clients = String(await client.sendCommand(['CLIENT', 'LIST'])).trim().split('\n').filter((l) => new RegExp(`\\bdb=${db}\\b`).test(l));
      expect(clients).toHaveLength(1);
      expect(clients[0]).toMatch(new RegExp(`\\bid=${await client.clientId()}\\b`));
    } finally {
      await runtimeModule.closeRuntime();
      if (client.isOpen) {
        await deleteKeys(url.toString(), prefix);
        await client.quit().catch(() => undefined);
      }
      await redis.release();
    }
  });
});
