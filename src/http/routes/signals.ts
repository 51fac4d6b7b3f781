import type { FastifyInstance } from 'fastify';
import { ALERT_STATE_KEY, WINDOWS, type AlertState, type WindowName } from '../../alerts';
import { subjectsIn, windowTotals } from '../../alerts/windows';
import { EVENT_STREAM, EVENT_TYPES, type EventType } from '../../events';
import { collectStats, ranked } from '../../suppress/stats';
import { outcomeSeries, recentEvents } from '../outcomes';
import { errorReplies } from '../schemas';
import type { Api } from '../server';

const DAY_MS = 86_400_000;
const MAX_EVENTS = 1000;
/** [name, count] pairs, largest first (OpenAPI 3.0 has no tuples: two items, a name then a count). */
const counts = { type: 'array', items: { type: 'array', minItems: 2, maxItems: 2, items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } } as const;
const series = { type: 'object', additionalProperties: { type: 'array', items: { type: 'integer' } } } as const;

export function registerSignalRoutes(app: FastifyInstance, api: Api): void {
  app.get<{ Querystring: { soon: number; top: number } }>('/api/stats', {
    config: { scope: 'ro' },
    schema: {
      tags: ['suppressions'], summary: 'Entries by reason, bounce, source and domain, as `bounceguard suppression stats`',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { soon: { type: 'integer', minimum: 1, maximum: 3650, default: 7 }, top: { type: 'integer', minimum: 1, maximum: 1000, default: 10 } },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            total: { type: 'integer' }, permanent: { type: 'integer' }, byReason: counts, byBounce: counts, bySource: counts,
            byDomain: counts, expiringSoon: counts,
          },
        },
        ...errorReplies,
      },
    },
  }, async (req) => {
    const s = await collectStats(api.store().scan(), api.now(), req.query.soon * DAY_MS);
    return {
      total: s.total, permanent: s.permanent, byReason: ranked(s.byReason), byBounce: ranked(s.byBounce), bySource: ranked(s.bySource),
      byDomain: ranked(s.byDomain, req.query.top), expiringSoon: [...s.expiringSoon].sort(),
    };
  });

  app.get<{ Querystring: { minutes: number } }>('/api/outcomes', {
    config: { scope: 'ro' },
    schema: {
      tags: ['signals'], summary: 'Recipient outcomes over time by kind and reason, top reasons and providers (from the event outbox)',
      description: 'Needs bounceguard-signals with alerts or webhooks on: they write the outbox.',
      querystring: { type: 'object', additionalProperties: false, properties: { minutes: { type: 'integer', minimum: 1, maximum: 10_080, default: 60 } } },
      response: {
        200: {
          type: 'object',
          properties: {
            from: { type: 'integer' }, bucketMs: { type: 'integer' }, times: { type: 'array', items: { type: 'integer' } },
            kinds: series, reasons: series, totals: { type: 'object', additionalProperties: { type: 'integer' } },
            topReasons: counts, topProviders: counts, complete: { type: 'boolean' },
          },
        },
        ...errorReplies,
      },
    },
  }, async (req) => {
    const now = api.now();
    const from = now - req.query.minutes * 60_000;
    const { events, complete } = await recentEvents(api.store(), from);
    return { ...outcomeSeries(events, from, now), complete };
  });

  app.get<{ Querystring: { window: WindowName } }>('/api/senders', {
    config: { scope: 'ro' },
    schema: {
      tags: ['signals'], summary: "Bounce and complaint rates per sending domain over a rolling window (the alert rules' counters)",
      description: 'Needs bounceguard-signals with alerts on: it keeps the windows.',
      querystring: { type: 'object', additionalProperties: false, properties: { window: { type: 'string', enum: Object.keys(WINDOWS), default: '1h' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            window: { type: 'string' },
            senders: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  domain: { type: 'string' }, attempts: { type: 'integer' }, final: { type: 'integer' }, hard: { type: 'integer' },
                  complaint: { type: 'integer' }, bounceRate: { type: 'number' }, complaintRate: { type: 'number' },
                },
              },
            },
          },
        },
        ...errorReplies,
      },
    },
  }, async (req) => {
    const store = api.store();
    const now = api.now();
    const w = req.query.window;
    const senders = (await subjectsIn(store, w, now)).filter((s) => s.dimension === 'sender');
    const rows = await Promise.all(senders.map(async (s) => {
      const t = await windowTotals(store, w, s, now);
      const [final, hard, complaint] = [t.final ?? 0, t.hard ?? 0, t.complaint ?? 0];
      return { domain: s.value, attempts: t.attempts ?? 0, final, hard, complaint, bounceRate: final ? hard / final : 0, complaintRate: final ? complaint / final : 0 };
    }));
    return { window: w, senders: rows };
  });

  app.get<{ Querystring: { recent: number } }>('/api/alerts', {
    config: { scope: 'ro' },
    schema: {
      tags: ['signals'], summary: 'Active alerts and the latest raised and cleared, as `bounceguard alerts --json`',
      querystring: { type: 'object', additionalProperties: false, properties: { recent: { type: 'integer', minimum: 0, maximum: 100, default: 20 } } },
      response: {
        200: { type: 'object', properties: { active: { type: 'array', items: { type: 'object', additionalProperties: true } }, recent: { type: 'array', items: { type: 'object', additionalProperties: true } } } },
        ...errorReplies,
      },
    },
  }, async (req) => {
    const state = await api.store().getState<AlertState>(ALERT_STATE_KEY);
    return { active: Object.values(state?.active ?? {}), recent: (state?.recent ?? []).slice(0, req.query.recent) };
  });

  app.get<{ Querystring: { type?: EventType; after?: number; limit: number } }>('/api/events', {
    config: { scope: 'ro' },
    schema: {
      tags: ['signals'], summary: 'Events of the outbox, oldest first: the latest `limit`, or those after sequence `after`',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          type: { type: 'string', enum: [...EVENT_TYPES] },
          after: { type: 'integer', minimum: 0, description: 'the `last` of a previous answer, to follow the stream' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_EVENTS, default: 50 },
        },
      },
      response: {
        200: { type: 'object', properties: { events: { type: 'array', items: { type: 'object', additionalProperties: true } }, last: { type: 'integer' } } },
        ...errorReplies,
      },
    },
  }, async (req) => {
    const store = api.store();
    const { type, limit } = req.query;
    const latest = await store.lastLogSeq(EVENT_STREAM);
    // A type filter looks further back, as `bounceguard events tail --type` does.
    const after = req.query.after ?? Math.max(0, latest - (type ? MAX_EVENTS * 10 : limit));
    const items = await store.readLog(EVENT_STREAM, after, type ? MAX_EVENTS * 10 : limit);
    const found = items.flatMap(({ seq, item }) => {
      try {
        const event = JSON.parse(item) as { type: string };
        return !type || event.type === type ? [{ seq, event }] : [];
      } catch {
        return [];
      }
    });
    const page = req.query.after === undefined ? found.slice(-limit) : found.slice(0, limit);
    // Following with `after`: continue after what was returned, or after everything read when nothing matched.
    const last = req.query.after === undefined ? latest : page.length === limit ? page.at(-1)!.seq : items.at(-1)?.seq ?? after;
    return { events: page.map((x) => x.event), last };
  });
}
