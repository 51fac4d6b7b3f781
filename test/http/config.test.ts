import fs from 'node:fs';
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
