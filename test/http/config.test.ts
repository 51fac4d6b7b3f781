import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HTTP_FILE, openIniReader, readConfig } from '../../src/config';
import { ConfigError } from '../../src/config/schema';
import { parseHttpConfig } from '../../src/http';
import { ROOT } from '../helpers/cli';
import { startApi, harakaDir, RW } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-http-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const problems = (ini: Record<string, unknown>) => {
  try {
    parseHttpConfig(ini);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => `${p.section} ${p.key}: ${p.problem}`);
  }
};

function getWithHost(base: string, urlPath: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(urlPath, base);
  return new Promise((resolve, reject) => {
    http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('bounceguard-http.ini', () => {
  it('is off and on loopback by default, and the shipped file says exactly the defaults', () => {
    const shipped = readConfig(openIniReader(ROOT), ROOT, [HTTP_FILE]);
    expect(shipped.problems).toEqual([]);
    expect(shipped.parts.http).toEqual(parseHttpConfig({}));
    expect(parseHttpConfig({})).toMatchObject({ enabled: false, host: '127.0.0.1', port: 9465, tokens: [] });
    const text = fs.readFileSync(path.join(ROOT, 'config', HTTP_FILE), 'utf8').replace(/^;([a-z_]+=)/gm, '$1');
    const dir = path.join(tmp, 'uncommented');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', HTTP_FILE), text);
    expect(readConfig(openIniReader(dir), dir, [HTTP_FILE]).parts.http).toEqual(parseHttpConfig({}));
  });

  it('refuses a listener beyond loopback without a token, and takes one with a token', () => {
    expect(problems({ http: { enabled: true, listen: '0.0.0.0:9465' } })).toEqual([
      expect.stringMatching(/^http listen: a listener beyond loopback needs at least one token/),
    ]);
    expect(problems({ http: { enabled: true, listen: '[::1]:9465' } })).toEqual([]);
    expect(parseHttpConfig({ http: { enabled: true, listen: '0.0.0.0:9465' }, tokens: { ops: `ro:${RW}` } }).tokens)
      .toEqual([{ name: 'ops', scope: 'ro', secret: RW }]);
  });

  it('names every mistake: scopes, short secrets, sizes, ports', () => {
    expect(problems({
      http: { listen: '127.0.0.1:99999', body_limit: '10', rate_limit_per_minute: -1, tls: true },
      tokens: { short: 'rw:abc', noscope: RW },
    })).toEqual(expect.arrayContaining([
      expect.stringMatching(/^http listen: the port must be at most 65535/),
      expect.stringMatching(/^http body_limit: must be at least 1KB/),
      expect.stringMatching(/^http rate_limit_per_minute: /),
      expect.stringMatching(/^http tls: unknown key/),
      expect.stringMatching(/^tokens short: must be ro:SECRET or rw:SECRET/),
      expect.stringMatching(/^tokens noscope: must be ro:SECRET or rw:SECRET/),
    ]));
  });

  it('without tokens answers loopback names only, and refuses writes from other pages', async () => {
    const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'open.db') };
    const api = await startApi(harakaDir(tmp, 'open', store), store, {}, {});
    try {
      const port = new URL(api.url).port;
      const add = (headers: Record<string, string>) => api.call('POST', '/api/suppressions', { token: null, json: { address: 'a@open.example', reason: 'userunknown' }, headers });
      // DNS rebinding: a name of the attacker's, pointed at 127.0.0.1 (fetch will not send another Host).
      const rebound = await getWithHost(api.url, '/api/suppressions', `evil.example:${port}`);
      expect(rebound.status).toBe(403);
      expect(rebound.body).toMatch(/answers requests to a loopback address only/);
      expect((await getWithHost(api.url, '/api/suppressions', `localhost:${port}`)).status).toBe(200);
      expect((await add({ origin: 'http://evil.example' })).status).toBe(403);
      expect((await api.call('GET', '/api/suppressions', { token: null, headers: { origin: 'http://evil.example' } })).status).toBe(403);
      expect(await api.store.get('a@open.example')).toBeNull();
      expect((await add({ origin: `http://127.0.0.1:${port}` })).status).toBe(201);
      expect((await api.call('GET', '/api/whoami', { token: null })).status).toBe(200);
      expect(api.logs).toContain('bounceguard: http: loopback suppressed a@open.example (userunknown, permanent)');
    } finally {
      await api.close();
    }
  });

  it('with tokens refuses writes from other pages too', async () => {
    const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'origin.db') };
    const api = await startApi(harakaDir(tmp, 'origin', store), store);
    try {
      const add = await api.call('POST', '/api/suppressions', { json: { address: 'b@origin.example', reason: 'userunknown' }, headers: { origin: 'http://evil.example' } });
      expect(add.status).toBe(403);
      expect((await api.call('GET', '/api/suppressions', { headers: { origin: 'http://evil.example' } })).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('limits the requests of a client a minute', async () => {
    const store = { backend: 'sqlite', sqlite_path: path.join(tmp, 'limit.db') };
    const api = await startApi(harakaDir(tmp, 'limit', store), store, { rate_limit_per_minute: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api.call('GET', '/api/check?address=a@b.example')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await api.call('GET', '/api/stats');
      expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    } finally {
      await api.close();
    }
  });
});
