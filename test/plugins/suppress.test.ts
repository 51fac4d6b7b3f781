import net from 'node:net';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis } from '../helpers/redis';
import { address, callHook, configDir, CONT, DENY, fixtures, runtimeModule } from './helpers';

let cleanup: (() => void) | undefined;

afterEach(async () => {
  await runtimeModule.closeRuntime();
  cleanup?.();
});

async function pluginWith(ini: string) {
  const cfg = configDir(ini);
  cleanup = cfg.cleanup;
  const plugin = fixtures.makePlugin('bounceguard-suppress', { configDir: cfg.dir });
  const rt = await runtimeModule.runtime(plugin);
  return { plugin, rt };
}

function relayingConnection(relaying = true) {
  const conn = fixtures.connection.createConnection();
  conn.relaying = relaying;
  conn.init_transaction();
  return conn;
}

const entry = (key: string, reason = 'userunknown' as const) => ({
  key, reason, bounce: 'hard' as const, source: 'smtp' as const, code: 550, enhanced: '5.1.1', reply: '550 5.1.1 unknown',
  provider: null, firstSeen: Date.parse('2026-11-01T00:00:00Z'), lastSeen: Date.now(), count: 1, expiresAt: null,
});

describe('bounceguard-suppress', () => {
  it('refuses a suppressed recipient of a relaying client with a permanent reply naming reason and date', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=memory\n');
    await rt.suppression!.store.put(entry('dead@a.example'));
    const r = await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('Dead@A.Example')]);
    expect(r.code).toBe(DENY);
    expect(r.msg).toBe('5.7.1 <Dead@A.Example> is suppressed: userunknown since 2026-11-01');
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('alive@a.example')])).code).toBe(CONT);
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
    expect(r.msg).toMatch(/domain gone\.example is suppressed: hostunknown/);
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
      expect(r.code).toBe(CONT);
      expect(r.ms).toBeLessThan(1000);
    } finally {
      await runtimeModule.closeRuntime();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('with an invalid config, lets mail through and says why once', async () => {
    const { plugin, rt } = await pluginWith('[store]\nbackend=floppy\n');
    expect(rt.suppression).toBeNull();
    expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')])).code).toBe(CONT);
  });

  it.runIf(redisAvailable())("shares haraka-plugin-redis's client instead of opening its own", async () => {
    const redis = await startRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const cfg = configDir(`[store]\nbackend=redis\nredis_url=${redis.url}\nredis_prefix=share:\n`);
      cleanup = cfg.cleanup;
      const plugin = fixtures.makePlugin('bounceguard-suppress', { configDir: cfg.dir });
      expect((await callHook(plugin, 'bounceguard_init', { notes: { redis: client } })).code).toBe(CONT);
      const rt = await runtimeModule.runtime(plugin);
      await rt.suppression!.store.put(entry('dead@a.example'));
      expect((await callHook(plugin, 'bounceguard_rcpt', relayingConnection(), [address('dead@a.example')])).code).toBe(DENY);
      const clients = String(await client.sendCommand(['CLIENT', 'LIST'])).trim().split('\n');
      expect(clients).toHaveLength(1);
    } finally {
      await runtimeModule.closeRuntime();
      await client.quit().catch(() => undefined);
      await redis.stop();
    }
  });
});
