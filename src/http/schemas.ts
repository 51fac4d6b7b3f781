import { REASONS } from '../classify/types';
import { SOURCES } from '../store/types';

/** JSON Schemas of what the API answers: validated by fastify, published in the OpenAPI document. */
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type, nullable: true, ...extra });

/** An entry as the CLI's export writes it: `address` is the list key, times ISO 8601. */
export const entrySchema = {
  type: 'object',
  properties: {
    address: { type: 'string', description: 'local@domain, or @domain for a whole domain' },
    reason: { type: 'string', enum: [...REASONS] },
    bounce: { type: 'string', enum: ['hard', 'soft', 'none'] },
    source: { type: 'string', enum: [...SOURCES] },
    code: nullable('integer'),
    enhanced: nullable('string'),
    reply: nullable('string'),
    provider: nullable('string'),
    first_seen: { type: 'string', format: 'date-time' },
    last_seen: { type: 'string', format: 'date-time' },
    count: { type: 'integer' },
    expires_at: nullable('string', { format: 'date-time', description: 'null: permanent' }),
  },
} as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** The error answers every protected route may give. */
export const errorReplies = {
  400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema, 503: errorSchema,
} as const;

export const checkResultSchema = {
  type: 'object',
  properties: {
    address: { type: 'string' },
    status: { type: 'string', enum: ['suppressed', 'clear', 'allowlisted', 'invalid', 'unknown'] },
    entry: { ...entrySchema, nullable: true },
    escalation: {
      type: 'object', nullable: true, description: 'soft bounces counted toward escalation, for a clear address',
      properties: { counted: { type: 'integer' }, of: { type: 'integer' }, windowEndsAt: { type: 'string', format: 'date-time' } },
    },
    error: { type: 'string' },
  },
} as const;

/** A time filter, read as the CLI's --since and --until are. */
export const timeParam = { type: 'string', description: 'an ISO 8601 or RFC 5322 time, Unix seconds or milliseconds, or a duration before now (7d)' } as const;

export const addressParam = {
  type: 'object',
  required: ['address'],
  properties: { address: { type: 'string', minLength: 1, maxLength: 512, description: 'an address, or @domain' } },
} as const;
