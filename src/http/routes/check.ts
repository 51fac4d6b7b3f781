import type { FastifyInstance } from 'fastify';
import { checkRecord, checkTarget } from '../../suppress/check';
import { checkResultSchema, errorReplies } from '../schemas';
import type { Api } from '../server';

const tags = ['check'];
const MAX_ADDRESSES = 1000;

export function registerCheckRoutes(app: FastifyInstance, api: Api): void {
  app.get<{ Querystring: { address: string } }>('/api/check', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: 'Whether mail to an address is refused, by which entry (the address or its domain), or how near escalation it is',
      querystring: { type: 'object', required: ['address'], additionalProperties: false, properties: { address: { type: 'string', minLength: 1, maxLength: 512 } } },
      response: { 200: checkResultSchema, ...errorReplies },
    },
  }, async (req) => checkRecord(req.query.address, await checkTarget(api.suppression(), req.query.address)));

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
    const suppression = api.suppression();
    const results = await Promise.all(req.body.addresses.map(async (a) => checkRecord(a, await checkTarget(suppression, a))));
    return { results };
  });
}
