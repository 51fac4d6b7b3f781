import type { FastifyInstance } from 'fastify';
import type { CheckResult } from '../../suppress/policy';
import { toRecord } from '../../suppress/format';
import { checkResultSchema, errorReplies } from '../schemas';
import type { Api } from '../server';

const tags = ['check'];
const MAX_ADDRESSES = 1000;

/** The answer of `bounceguard check --json`: the status, the entry that suppresses, or the error. */
export function checkAnswer(address: string, result: CheckResult) {
  return {
    address,
    status: result.status,
    entry: result.status === 'suppressed' ? toRecord(result.entry) : null,
    ...('error' in result ? { error: result.error } : {}),
  };
}

export function registerCheckRoutes(app: FastifyInstance, api: Api): void {
  app.get<{ Querystring: { address: string } }>('/api/check', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: 'Whether mail to an address is refused, and by which entry (the address or its domain)',
      querystring: { type: 'object', required: ['address'], additionalProperties: false, properties: { address: { type: 'string', minLength: 1, maxLength: 512 } } },
      response: { 200: checkResultSchema, ...errorReplies },
    },
  }, async (req) => checkAnswer(req.query.address, await api.suppression().policy.check(req.query.address)));

  app.post<{ Body: { addresses: string[] } }>('/api/check', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: `The same for up to ${MAX_ADDRESSES} addresses, answered in the order given`,
      body: {
        type: 'object', required: ['addresses'], additionalProperties: false,
        properties: { addresses: { type: 'array', minItems: 1, maxItems: MAX_ADDRESSES, items: { type: 'string', minLength: 1, maxLength: 512 } } },
      },
      response: { 200: { type: 'object', properties: { results: { type: 'array', items: checkResultSchema } } }, ...errorReplies },
    },
  }, async (req) => {
    const { policy } = api.suppression();
    const results = await Promise.all(req.body.addresses.map(async (a) => checkAnswer(a, await policy.check(a))));
    return { results };
  });
}
