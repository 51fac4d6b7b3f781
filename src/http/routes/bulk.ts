import { Readable, Transform } from 'node:stream';
import readline from 'node:readline';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SuppressionEntry } from '../../store/types';
import { csvHeader, encodeEntry, type Format } from '../../suppress/format';
import { LineDecoder } from '../../suppress/io';
import { errorReplies, errorSchema } from '../schemas';
import { HttpError, type Api } from '../server';

const tags = ['suppressions'];
const BATCH = 5000;
/** Bad lines named in the answer; the count covers them all. */
const MAX_ERRORS = 100;
const MEDIA: Record<Format, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson' };

/** Import and export as streams, in the formats and with the decoder of `bounceguard suppression import/export`. */
export function registerBulkRoutes(app: FastifyInstance, api: Api): void {
  // The import body is read as a stream, line by line, never held whole: its own size limit applies.
  for (const type of Object.values(MEDIA)) {
    app.addContentTypeParser(type, { bodyLimit: api.config.importLimit }, (_req, payload, done) => done(null, payload));
  }

  app.get<{ Querystring: { format: Format } }>('/api/suppressions/export', {
    config: { scope: 'ro' },
    schema: {
      tags, summary: 'Every entry as CSV or JSON Lines (as `bounceguard suppression export`), streamed',
      querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['csv', 'jsonl'], default: 'jsonl' } } },
      response: { 200: { type: 'string' }, ...errorReplies },
    },
  }, async (req, reply) => {
    const { format } = req.query;
    const store = api.store();
    async function* lines() {
      if (format === 'csv') yield `${csvHeader()}\n`;
      for await (const e of store.scan()) yield `${encodeEntry(e, format)}\n`;
    }
    const name = `bounceguard-suppressions.${format === 'csv' ? 'csv' : 'jsonl'}`;
    return reply.type(MEDIA[format]).header('content-disposition', `attachment; filename="${name}"`).send(Readable.from(lines()));
  });

  app.post<{ Body: Readable }>('/api/suppressions/import', {
    config: { scope: 'rw' },
    schema: {
      tags, summary: 'Add entries from a CSV (text/csv) or JSON Lines (application/x-ndjson) body, as `bounceguard suppression import`',
      description: 'Bad lines are skipped and reported (the first 100 by line number); good ones are merged into the list.',
      response: {
        200: {
          type: 'object',
          properties: {
            imported: { type: 'integer' }, bad: { type: 'integer' },
            errors: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, error: { type: 'string' } } } },
          },
        },
        413: errorSchema, 415: errorSchema, ...errorReplies,
      },
    },
  }, async (req) => {
    const format = formatOf(req);
    const result = await importLines(api, req.body, format);
    api.wrote(req, `imported ${result.imported} entries (${format}, ${result.bad} bad lines)`);
    return result;
  });
}

function formatOf(req: FastifyRequest): Format {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const format = (Object.keys(MEDIA) as Format[]).find((f) => MEDIA[f] === type);
  if (!format) throw new HttpError(415, 'unsupported_media_type', `send text/csv or application/x-ndjson, not ${type || 'nothing'}`);
  return format;
}

async function importLines(api: Api, body: Readable, format: Format) {
  const { store, config } = api.suppression();
  const decoder = new LineDecoder(format, { now: api.now(), caseSensitiveLocalPart: config.caseSensitiveLocalPart });
  const errors: { line: number; error: string }[] = [];
  let batch: SuppressionEntry[] = [];
  let imported = 0;
  let bad = 0;
  let lineNo = 0;
  for await (const line of readline.createInterface({ input: body.pipe(limited(api.config.importLimit)), crlfDelay: Infinity })) {
    lineNo += 1;
    const decoded = decoder.decode(line);
    if (decoded && 'error' in decoded) {
      bad += 1;
      if (errors.length < MAX_ERRORS) errors.push({ line: lineNo, error: decoded.error });
    } else if (decoded) batch.push(decoded.entry);
    if (batch.length >= BATCH) {
      imported += await store.importMany(batch);
      batch = [];
    }
  }
  if (batch.length > 0) imported += await store.importMany(batch);
  return { imported, bad, errors };
}

/** Fails the stream with a 413 once more than `max` bytes went through (a body without a length). */
function limited(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new HttpError(413, 'too_large', `the import body is larger than import_limit (${max} bytes)`));
      else done(null, chunk);
    },
  });
}
