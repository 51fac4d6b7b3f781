import type { FastifyInstance } from 'fastify';
import { destinationFromKey, SharedPaceStore, ThrottleController } from '../../throttle';
import { errorReplies, errorSchema } from '../schemas';
import { HttpError, type Api } from '../server';

const tags = ['destinations'];
const KEY = '^(provider|domain):[^\\s/]+$';

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
  },
} as const;

export function registerDestinationRoutes(app: FastifyInstance, api: Api): void {
  const throttleConfig = () => api.deps.throttle() ?? unavailable();
  const controller = () => new ThrottleController({ config: throttleConfig(), store: new SharedPaceStore(api.store(), api.now), now: api.now });

  app.get('/api/destinations', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: 'Every destination with a stored pace, as `bounceguard throttle status --json`',
      response: { 200: { type: 'object', properties: { destinations: { type: 'array', items: statusSchema } } }, ...errorReplies },
    },
  }, async () => ({ destinations: await controller().status() }));

  app.post<{ Params: { key: string } }>('/api/destinations/:key/release', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Lift the pace of a destination now, as `bounceguard throttle release`',
      params: { type: 'object', required: ['key'], properties: { key: { type: 'string', pattern: KEY } } },
      response: { 200: statusSchema, 404: errorSchema, ...errorReplies },
    },
  }, async (req) => {
    const { key } = req.params;
    const paces = new SharedPaceStore(api.store(), api.now);
    const state = await paces.load(key);
    if (!state || state.rate === null) throw new HttpError(404, 'not_found', `${key} is not paced`);
    const settings = destinationFromKey(key, throttleConfig()).settings;
    await paces.save(key, { ...state, rate: null, slowStart: undefined, signals: [], lastChangeAt: api.now() }, settings.releaseAfterMs);
    api.wrote(req, `released the pace of ${key}`);
    return (await controller().status()).find((s) => s.key === key);
  });
}

function unavailable(): never {
  throw new HttpError(503, 'unavailable', 'throttling is off (no valid [throttle] in bounceguard.ini)');
}
