import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SuppressionStore } from '../store/types';
import type { Suppression } from '../suppress/open';
import type { ThrottleConfig } from '../throttle';
import { TokenAuth, type Caller } from './auth';
import { isLoopback, type HttpConfig, type Scope } from './config';
import { registerDashboard } from './dashboard';
import { registerBulkRoutes } from './routes/bulk';
import { registerCheckRoutes } from './routes/check';
import { registerDestinationRoutes } from './routes/destinations';
import { registerSignalRoutes } from './routes/signals';
import { registerSuppressionRoutes } from './routes/suppressions';

export type HttpLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * What the API reads and writes, looked up on every request: a config reload or a reopened store
 * takes effect at once, and a feature that is off answers 503 saying so.
 */
export interface HttpDeps {
  suppression(): Suppression | null;
  throttle(): ThrottleConfig | null;
  /** Prometheus' text, served at `path` on the same listener. */
  metrics?: { path: string; collect(): Promise<{ contentType: string; body: string }> } | null;
  log: HttpLog;
  now?: () => number;
}

/** A refusal with the status and error code the client gets in its JSON body. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** The token scope a route needs; routes without one are public (the dashboard's files). */
    scope?: Scope;
  }
}

/** What a route handler works with. */
export interface Api {
  deps: HttpDeps;
  config: HttpConfig;
  now(): number;
  suppression(): Suppression;
  store(): SuppressionStore;
  /** Logs a write with the token that made it. */
  wrote(req: FastifyRequest, what: string): void;
}

export async function buildApp(config: HttpConfig, deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: config.bodyLimit,
    // An address in the path may be as long as RFC 5321 allows (fastify's default stops at 100).
    routerOptions: { maxParamLength: 600 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const auth = new TokenAuth(config.tokens);
  const api: Api = {
    deps, config,
    now: deps.now ?? Date.now,
    suppression: () => deps.suppression() ?? unavailable('the suppression list is off (no valid [store] and [suppress] in bounceguard.ini)'),
    store: () => api.suppression().store,
    wrote: (req, what) => deps.log('info', `bounceguard: http: ${req.caller.name} ${what}`),
  };
  app.decorateRequest('caller', null as unknown as Caller);
  app.addHook('onRequest', async (req, reply) => authorize(auth, req, reply));
  app.setErrorHandler(errorBody);
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));
  if (config.rateLimit > 0) {
    await app.register(rateLimit, {
      max: config.rateLimit, timeWindow: 60_000,
      errorResponseBuilder: (_req, ctx) => new HttpError(429, 'rate_limited', `more than ${ctx.max} requests a minute; retry in ${ctx.after}`),
    });
  }
  await registerDocs(app, auth);
  registerSuppressionRoutes(app, api);
  registerBulkRoutes(app, api);
  registerCheckRoutes(app, api);
  registerDestinationRoutes(app, api);
  registerSignalRoutes(app, api);
  if (deps.metrics) registerMetrics(app, deps.metrics);
  registerDashboard(app);
  return app;
}

/** The OpenAPI document (made from every route's schema) and who-am-I, both public. */
async function registerDocs(app: FastifyInstance, auth: TokenAuth): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'bounceguard', version: '1', description: 'The suppression list, destinations, alerts and events of a bounceguard Haraka' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Public, and always 200: the page learns whether it needs a token without a failed request.
  app.get('/api/whoami', {
    schema: {
      summary: 'Whether a token is needed, and the name and scope of the one sent',
      response: { 200: { type: 'object', properties: { tokenRequired: { type: 'boolean' }, name: { type: 'string', nullable: true }, scope: { type: 'string', nullable: true } } } },
    },
  }, async (req) => {
    const result = auth.check(req.headers.authorization, 'ro');
    return { tokenRequired: !auth.open, name: result.ok ? result.caller.name : null, scope: result.ok ? result.caller.scope : null };
  });
}

async function authorize(auth: TokenAuth, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const needs = req.routeOptions.config?.scope;
  if (!needs) return;
  const foreign = foreignCaller(auth, req);
  if (foreign) {
    await reply.code(403).send({ error: 'forbidden', message: foreign });
    return;
  }
  const result = auth.check(req.headers.authorization, needs);
  if (result.ok) {
    req.caller = result.caller;
    return;
  }
  if (result.status === 401) reply.header('www-authenticate', 'Bearer realm="bounceguard"');
  await reply.code(result.status).send({ error: result.status === 401 ? 'unauthorized' : 'forbidden', message: result.message });
}

/**
 * Another web site, through the operator's browser: a page elsewhere may post to the API (a form
 * needs no preflight), and one whose name it points at 127.0.0.1 may read it (DNS rebinding).
 * Without tokens nothing else stops them, so the Host must be a loopback name and an Origin, when
 * sent, this server's own. With tokens they hold no token, but writes from elsewhere are refused too.
 */
function foreignCaller(auth: TokenAuth, req: FastifyRequest): string | null {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  if (auth.open && !isLoopback(host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'))) {
    return `the API has no token, so it answers requests to a loopback address only, not to ${host || 'no Host'}`;
  }
  if (origin !== undefined && origin !== `http://${host}` && (auth.open || req.method !== 'GET')) {
    return `requests from pages of ${origin} are refused`;
  }
  return null;
}

function errorBody(err: FastifyError | HttpError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof HttpError) {
    void reply.code(err.statusCode).send({ error: err.code, message: err.message });
    return;
  }
  if (err.validation) {
    void reply.code(400).send({ error: 'bad_request', message: `${err.validationContext ?? 'request'}${err.message.replace(/^(querystring|body|params)/, '')}` });
    return;
  }
  const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  const code = status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : status < 500 ? 'bad_request' : 'internal';
  void reply.code(status).send({ error: code, message: err.message });
}

function unavailable(message: string): never {
  throw new HttpError(503, 'unavailable', message);
}

function registerMetrics(app: FastifyInstance, metrics: NonNullable<HttpDeps['metrics']>): void {
  app.get(metrics.path, { config: { scope: 'ro' }, schema: { hide: true } }, async (_req, reply) => {
    const { contentType, body } = await metrics.collect();
    return reply.type(contentType).send(body);
  });
}

export interface HttpServer {
  /** Where the dashboard is: `http://host:port/`. */
  url: string;
  close(): Promise<void>;
}

export async function startHttpServer(config: HttpConfig, deps: HttpDeps): Promise<HttpServer> {
  const app = await buildApp(config, deps);
  await app.listen({ host: config.host, port: config.port });
  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/`,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
