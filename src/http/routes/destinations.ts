import type { FastifyInstance, FastifyRequest } from 'fastify';
import { destinationFromKey, parseRate, SharedPaceStore, ThrottleController, type Destination } from '../../throttle';
import { parseRelative } from '../../util/time';
import { errorReplies } from '../schemas';
import { HttpError, type Api } from '../server';

const tags = ['destinations'];
const KEY = '^(provider|domain):[^\\s/]+$';

const overrideSchema = {
  type: 'object',
  nullable: true,
  description: "an operator's fixed pace (set) or pause, while in force",
  properties: {
    kind: { type: 'string', enum: ['set', 'pause'] }, rate: { type: 'number' }, until: { type: 'integer', nullable: true }, at: { type: 'integer' },
  },
} as const;

const statusSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'provider:<id> or domain:<domain>' },
    rate: { type: 'number', nullable: true, description: 'messages a second; null: not paced' },
    lastSignalAt: { type: 'integer', nullable: true },
    lastSignalRule: { type: 'string', nullable: true },
    lastChangeAt: { type: 'integer', nullable: true },
    nextRaiseAt: { type: 'integer', nullable: true },
    releaseAt: { type: 'integer', nullable: true },
    override: overrideSchema,
  },
} as const;

const keyParams = { type: 'object', required: ['key'], properties: { key: { type: 'string', pattern: KEY } } } as const;
const forProperty = { type: 'string', description: 'for this long (30m, 2h, 1d); absent: until released' } as const;

type Apply = (ctl: ThrottleController, dest: Destination, until: number | null, at: number) => Promise<void>;

/** The paces, and an operator's say over them: the same writes as `bounceguard throttle set|pause|release`. */
export function registerDestinationRoutes(app: FastifyInstance, api: Api): void {
  const controller = () => {
    const config = api.deps.throttle();
    if (!config) throw new HttpError(503, 'unavailable', 'throttling is off (no valid [throttle] in bounceguard.ini)');
    return { config, ctl: new ThrottleController({ config, store: new SharedPaceStore(api.store(), api.now), now: api.now }) };
  };
  /** Applies a change to one destination and answers its status as it now is. */
  const control = async (req: FastifyRequest<{ Params: { key: string } }>, forText: string | undefined, apply: Apply, what: string) => {
    const { config, ctl } = controller();
    const at = api.now();
    const until = forText === undefined ? null : at + durationOf(forText);
    await apply(ctl, destinationFromKey(req.params.key, config), until, at);
    api.wrote(req, `${what} ${req.params.key}${until === null ? '' : ` until ${new Date(until).toISOString()}`}`);
    const status = (await ctl.status()).find((s) => s.key === req.params.key);
    return status ?? { key: req.params.key, rate: null, lastSignalAt: null, lastSignalRule: null, lastChangeAt: null, nextRaiseAt: null, releaseAt: null, override: null };
  };

  app.get('/api/destinations', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: 'Every destination with a stored pace or an override, as `bounceguard throttle status --json`',
      response: { 200: { type: 'object', properties: { destinations: { type: 'array', items: statusSchema } } }, ...errorReplies },
    },
  }, async () => ({ destinations: await controller().ctl.status() }));

  app.post<{ Params: { key: string }; Body: { rate: string; for?: string } }>('/api/destinations/:key/set', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Hold a destination at a fixed pace (no raise, cut or release until it ends), as `bounceguard throttle set`',
      params: keyParams,
      body: {
        type: 'object', required: ['rate'], additionalProperties: false,
        properties: { rate: { type: 'string', description: 'messages a second, minute or hour: 5/s, 120/m, 900/h' }, for: forProperty },
      },
      response: { 200: statusSchema, ...errorReplies },
    },
  }, async (req) => {
    const rate = parsed('rate', () => parseRate(req.body.rate));
    return control(req, req.body.for, (ctl, d, until, at) => ctl.setOverride(d, { kind: 'set', rate, until, at }), `held at ${req.body.rate}`);
  });

  app.post<{ Params: { key: string }; Querystring: { for?: string } }>('/api/destinations/:key/pause', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Send nothing to a destination (its messages wait in the queue), as `bounceguard throttle pause`',
      params: keyParams,
      querystring: { type: 'object', additionalProperties: false, properties: { for: forProperty } },
      response: { 200: statusSchema, ...errorReplies },
    },
  }, async (req) => control(req, req.query.for, (ctl, d, until, at) => ctl.setOverride(d, { kind: 'pause', until, at }), 'paused'));

  app.post<{ Params: { key: string } }>('/api/destinations/:key/release', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Lift a set or pause and end the adaptive pace: unthrottled now, as `bounceguard throttle release`',
      params: keyParams,
      response: { 200: statusSchema, ...errorReplies },
    },
  }, async (req) => control(req, undefined, (ctl, d) => ctl.release(d), 'released'));
}

function durationOf(text: string): number {
  const ms = parseRelative(text);
  if (ms === null || ms <= 0) throw new HttpError(400, 'bad_request', `for: not a duration: ${text} (write 30m, 2h, 1d)`);
  return ms;
}

function parsed<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new HttpError(400, 'bad_request', `${name}: ${(err as Error).message}`);
  }
}
