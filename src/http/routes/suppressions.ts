import type { FastifyInstance } from 'fastify';
import { REASONS, type Reason } from '../../classify/types';
import { SOURCES, type Source, type SuppressionEntry } from '../../store/types';
import { toRecord } from '../../suppress/format';
import { parseExpiry, parsePast } from '../../util/time';
import { normaliseTarget } from '../../util/address';
import { decodeCursor, encodeCursor, listPage } from '../list';
import { addressParam, entrySchema, errorReplies, errorSchema, timeParam } from '../schemas';
import { HttpError, type Api } from '../server';

const MAX_PAGE = 1000;
const tags = ['suppressions'];

interface ListQuerystring {
  domain?: string; reason?: Reason; source?: Source; contains?: string;
  since?: string; until?: string; after?: string; limit: number;
}

export function registerSuppressionRoutes(app: FastifyInstance, api: Api): void {
  app.get<{ Querystring: ListQuerystring }>('/api/suppressions', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: 'A page of the list, in key order, with the total that match',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          domain: { type: 'string', maxLength: 255 },
          reason: { type: 'string', enum: [...REASONS] },
          source: { type: 'string', enum: [...SOURCES] },
          contains: { type: 'string', minLength: 1, maxLength: 255, description: 'part of the address, any case' },
          since: { ...timeParam, description: 'last seen at or after: a time (ISO 8601, RFC 5322, Unix seconds or ms) or a duration before now (7d)' },
          until: { ...timeParam, description: 'last seen before: a time, or a duration before now' },
          after: { type: 'string', maxLength: 1024, description: 'the cursor `next` of the previous page' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: { items: { type: 'array', items: entrySchema }, total: { type: 'integer' }, next: { type: 'string', nullable: true } },
        },
        ...errorReplies,
      },
    },
  }, async (req) => {
    const q = req.query;
    const after = q.after === undefined ? undefined : decodeCursor(q.after) ?? badRequest('bad_cursor', 'after: not a cursor this API gave (use `next` of the previous page)');
    const domain = q.domain === undefined ? undefined : target(`@${q.domain.replace(/^@/, '')}`, api).domain;
    const page = await listPage(api.store(), {
      domain, reason: q.reason, source: q.source, contains: q.contains,
      since: time('since', q.since, api.now()), until: time('until', q.until, api.now()), after, limit: q.limit,
    });
    return { items: page.entries.map(toRecord), total: page.total, next: page.next === null ? null : encodeCursor(page.next) };
  });

  app.get<{ Params: { address: string } }>('/api/suppressions/:address', {
    config: { scope: 'ro' },
    schema: { tags, summary: 'One entry by its key (an address or @domain)', params: addressParam, response: { 200: entrySchema, 404: errorSchema, ...errorReplies } },
  }, async (req) => {
    const key = target(req.params.address, api).key;
    const entry = await api.store().get(key);
    if (!entry) throw new HttpError(404, 'not_found', `${key} is not on the list`);
    return toRecord(entry);
  });

  app.post<{ Body: { address: string; reason: Reason; bounce: 'hard' | 'soft'; expires: string } }>('/api/suppressions', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Suppress an address or a whole domain (source manual), as `bounceguard suppression add` does',
      body: {
        type: 'object',
        required: ['address', 'reason'],
        additionalProperties: false,
        properties: {
          address: addressParam.properties.address,
          reason: { type: 'string', enum: [...REASONS] },
          bounce: { type: 'string', enum: ['hard', 'soft'], default: 'hard' },
          expires: { type: 'string', default: 'never', description: 'a duration (30d, 12h, 2w), an ISO date, or never' },
        },
      },
      response: { 201: entrySchema, ...errorReplies },
    },
  }, async (req, reply) => {
    const { address, reason, bounce, expires } = req.body;
    const now = api.now();
    const key = target(address, api).key;
    let expiresAt: number | null;
    try {
      expiresAt = parseExpiry(expires, now);
    } catch (err) {
      throw new HttpError(400, 'bad_request', `expires: ${(err as Error).message}`);
    }
    const entry = await api.store().put(manualEntry(key, reason, bounce, now, expiresAt));
    api.wrote(req, `suppressed ${entry.key} (${reason}, ${expiresAt === null ? 'permanent' : `until ${new Date(expiresAt).toISOString()}`})`);
    return reply.code(201).send(toRecord(entry));
  });

  app.delete<{ Params: { address: string } }>('/api/suppressions/:address', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Take an address or @domain off the list, as `bounceguard suppression remove` does', params: addressParam,
      response: { 200: { type: 'object', properties: { removed: { type: 'string' } } }, 404: errorSchema, ...errorReplies },
    },
  }, async (req) => {
    const key = target(req.params.address, api).key;
    if (!(await api.store().remove(key))) throw new HttpError(404, 'not_found', `${key} is not on the list`);
    api.wrote(req, `removed ${key}`);
    return { removed: key };
  });

  app.post('/api/suppressions/purge', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Delete expired entries and state, and soft bounces older than the escalation window, as `bounceguard suppression purge`',
      response: { 200: { type: 'object', properties: { entries: { type: 'integer' }, softBounces: { type: 'integer' }, states: { type: 'integer' } } }, ...errorReplies },
    },
  }, async (req) => {
    const { store, config } = api.suppression();
    const purged = await store.purge(config.escalateWindowMs);
    api.wrote(req, `purged ${purged.entries} expired entries, ${purged.softBounces} soft bounces, ${purged.states} state records`);
    return purged;
  });
}

/** The list key of an address or @domain, normalised as the plugins do; a malformed one is a 400. */
export function target(text: string, api: Api) {
  try {
    return normaliseTarget(text, { caseSensitiveLocalPart: api.suppression().config.caseSensitiveLocalPart });
  } catch (err) {
    throw new HttpError(400, 'bad_address', (err as Error).message);
  }
}

function manualEntry(key: string, reason: Reason, bounce: 'hard' | 'soft', now: number, expiresAt: number | null): SuppressionEntry {
  return {
    key, reason, bounce, source: 'manual', code: null, enhanced: null, reply: null,
    provider: null, firstSeen: now, lastSeen: now, count: 1, expiresAt,
  };
}

/** A time as the CLI's --since/--until read it: absolute, or a duration before now (`7d`). */
function time(name: string, value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parsePast(value, now);
  } catch (err) {
    return badRequest('bad_request', `${name}: ${(err as Error).message}`);
  }
}

function badRequest(code: string, message: string): never {
  throw new HttpError(400, code, message);
}
