import fs from 'node:fs';
import path from 'node:path';
import { parseHttpConfig, startHttpServer, type HttpServer } from '../../src/http';
import { openStore } from '../../src/store';
import { parseStoreConfig } from '../../src/store/config';
import type { SuppressionStore } from '../../src/store/types';
import { SuppressionPolicy } from '../../src/suppress';
import { parseSuppressConfig } from '../../src/suppress/config';
import { parseThrottleConfig } from '../../src/throttle';

export const RW = 'rw-secret-0123456789abcdefghij';
export const RO = 'ro-secret-0123456789abcdefghij';

/** A Haraka directory with only bounceguard.ini, for the API and the CLI to share one store. */
export function harakaDir(root: string, name: string, store: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  const lines = Object.entries(store).map(([k, v]) => `${k}=${v}`).join('\n');
  fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), `[store]\n${lines}\n`);
  return dir;
}

export interface TestApi {
  url: string;
  store: SuppressionStore;
  /** Every line the API logged. */
  logs: string[];
  /** fetch with the given token (null: none), a JSON body when `json` is set. */
  call(method: string, urlPath: string, opts?: { token?: string | null; json?: unknown; body?: string; type?: string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

const TOKENS = { admin: `rw:${RW}`, viewer: `ro:${RO}` };

/** The API over the store of bounceguard.ini [store] `store`, on 127.0.0.1 port 0, by default with an rw and an ro token. */
export async function startApi(dir: string, store: Record<string, string>, http: Record<string, string> = {}, tokens: Record<string, string> = TOKENS): Promise<TestApi> {
  const storeConfig = parseStoreConfig({ store }, dir);
  const opened = await openStore(storeConfig, { waitReadyMs: 5000 });
  const config = parseSuppressConfig({});
  const suppression = { store: opened, config, policy: new SuppressionPolicy(opened, config) };
  const logs: string[] = [];
  const httpConfig = parseHttpConfig({
    http: { enabled: 'true', listen: '127.0.0.1:0', rate_limit_per_minute: '0', ...http },
    tokens,
  });
  let server: HttpServer;
  try {
    server = await startHttpServer(httpConfig, {
      suppression: () => suppression, throttle: () => parseThrottleConfig({}), log: (_level, message) => logs.push(message),
    });
  } catch (err) {
    await opened.close();
    throw err;
  }
  const base = server.url.replace(/\/$/, '');
  return {
    url: server.url,
    store: opened,
    logs,
    call: (method, urlPath, opts = {}) => {
      const token = opts.token === undefined ? RW : opts.token;
      const headers: Record<string, string> = { ...opts.headers };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body = opts.body;
      if (opts.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.json);
      } else if (opts.type) headers['content-type'] = opts.type;
      return fetch(`${base}${urlPath}`, { method, headers, body });
    },
    close: async () => {
      await server.close();
      await opened.close();
    },
  };
}
