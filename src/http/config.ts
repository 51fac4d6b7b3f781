import { z } from 'zod';
import { HTTP_FILE } from '../config/files';
import { ConfigError, iniBoolean, parseAll, parseSection, size, type ConfigProblem } from '../config/schema';

export type Scope = 'ro' | 'rw';

/** A bearer token an operator handed out: its name goes into the log with every write it makes. */
export interface HttpToken {
  name: string;
  scope: Scope;
  secret: string;
}

export interface HttpConfig {
  enabled: boolean;
  host: string;
  /** 0: a free port, chosen by the OS (logged). */
  port: number;
  /** Largest JSON body, in bytes. */
  bodyLimit: number;
  /** Largest import body (a CSV or JSON Lines stream), in bytes. */
  importLimit: number;
  /** Requests a client address may make a minute; 0: no limit. */
  rateLimit: number;
  tokens: HttpToken[];
}

const LISTEN = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;
/** Short secrets can be guessed over the network, rate limit or not. */
const MIN_SECRET = 24;

const httpSection = z.object({
  enabled: iniBoolean.default(false),
  listen: z.union([z.string(), z.number()]).transform(String)
    .pipe(z.string().regex(LISTEN, "must be host:port, e.g. '127.0.0.1:9465' or '[::1]:9465'"))
    .refine((l) => Number(LISTEN.exec(l)![2]) <= 65_535, 'the port must be at most 65535')
    .default('127.0.0.1:9465'),
  body_limit: size.pipe(z.number().int().min(1024, 'must be at least 1KB')).default(1024 * 1024),
  import_limit: size.pipe(z.number().int().min(1024, 'must be at least 1KB')).default(100 * 1024 * 1024),
  rate_limit_per_minute: z.coerce.number().int().min(0).default(6000),
}).strict();

const tokenValue = z.string().regex(
  new RegExp(`^(ro|rw):\\S{${MIN_SECRET},}$`),
  `must be ro:SECRET or rw:SECRET, the secret at least ${MIN_SECRET} characters (e.g. rw: followed by \`openssl rand -hex 24\`)`,
);
const tokensSection = z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), tokenValue);

/** Validates `[http]` and `[tokens]` of bounceguard-http.ini; a listener beyond loopback needs a token. */
export function parseHttpConfig(ini: Record<string, unknown>): HttpConfig {
  const [http, tokens] = parseAll(
    () => parseSection(httpSection, ini.http, HTTP_FILE, 'http'),
    () => parseSection(tokensSection, ini.tokens, HTTP_FILE, 'tokens'),
  );
  const colon = http.listen.lastIndexOf(':');
  const host = http.listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const list = Object.entries(tokens).map(([name, value]) => ({ name, scope: value.slice(0, 2) as Scope, secret: value.slice(3) }));
  if (http.enabled && !isLoopback(host) && list.length === 0) {
    const problem: ConfigProblem = {
      file: HTTP_FILE, section: 'http', key: 'listen', value: http.listen,
      problem: 'a listener beyond loopback needs at least one token in [tokens]: anyone who reaches it could read and change the list',
    };
    throw new ConfigError([problem]);
  }
  return {
    enabled: http.enabled, host, port: Number(http.listen.slice(colon + 1)), bodyLimit: http.body_limit,
    importLimit: http.import_limit, rateLimit: http.rate_limit_per_minute, tokens: list,
  };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine reaches them. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:127\./.test(host);
}
