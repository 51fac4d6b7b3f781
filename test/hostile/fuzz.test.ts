import fs from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailPath, loadLabels } from '../../bench/dsn-corpus';
import { corpusDir } from '../../bench/lib/corpus';
import { buildRuleSet, classify } from '../../src/classify';
import { REASONS, type Outcome } from '../../src/classify/types';
import { classifyStream } from '../../src/cli/classify-stream';
import { readLines } from '../../src/cli/lines';
import { parseBounce, type ParsedReport } from '../../src/dsn';
import { LineDecoder } from '../../src/suppress/io';

/**
 * Property-based fuzzing (issue 13): every call on any input returns a well-formed result. The seed
 * is fixed per run and printed; fast-check names the seed and path of a failure, and FUZZ_SEED=<n>
 * replays it. Each property has a run count that keeps the whole suite to a few seconds.
 */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed, numRuns });
console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);

const rules = buildRuleSet();
const BOUNCES = ['hard', 'soft', 'none'];

function expectOutcome(o: Outcome): void {
  expect(REASONS).toContain(o.reason);
  expect(BOUNCES).toContain(o.bounce);
  expect(typeof o.suppress).toBe('boolean');
  expect(typeof o.throttle).toBe('boolean');
  expect(o.code === null || (Number.isInteger(o.code) && o.code >= 200 && o.code <= 599)).toBe(true);
  expect(o.enhanced === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(o.enhanced)).toBe(true);
  expect(typeof o.rule).toBe('string');
}

/** Reply-shaped text: codes, wrappers, words the rules look for, addresses, junk. */
const fragment = fc.oneof(
  fc.constantFrom('550', '5.1.1', '421-', '4.7.28', '#5.0.0', 'smtp;', 'host mx.example said:', 'user unknown', 'please try <',
    'rate limited', 'in reply to RCPT TO command', 'mailbox full', '@', '<', '>', ' ', '\r\n', '\r', '\t', '(', ')', '"', '\u0000'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const reply = fc.oneof(fc.array(fragment, { maxLength: 30 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 600 }));

describe('fuzz', () => {
  it('classify: any reply, stage and mx give a well-formed Outcome', () => {
    fc.assert(
      fc.property(reply, fc.option(fc.constantFrom('connect', 'helo', 'mail', 'rcpt', 'data', 'dot')), fc.option(fc.string({ maxLength: 30 })), (text, stage, mx) => {
        expectOutcome(classify({ reply: text, stage: stage ?? undefined, mx: mx ?? undefined }, rules));
      }),
      params(3000),
    );
  });

  const corpus = corpusDir();
  const samples = loadLabels(corpus).slice(0, 200).map((e) => fs.readFileSync(emailPath(corpus, e), 'latin1'));
  /** A corpus bounce with random cuts, copies and junk inserted. */
  const mutated = fc.tuple(
    fc.constantFrom(...samples),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 50 }), fc.constantFrom('\r\n\r\n', '--', '\n\n', 'Content-Type: multipart/mixed; boundary=x\n', 'Final-Recipient: rfc822; a@b\n', '<a', '=?utf-8?b?'))), { maxLength: 8 }),
  ).map(([raw, edits]) => edits.reduce((s, [at, cut, insert]) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + insert + s.slice(i + cut);
  }, raw));

  it('parseBounce: any mutated bounce gives a well-formed report, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 2000 })), (raw) => {
        const report: ParsedReport = parseBounce(Buffer.from(raw, 'latin1'));
        expect(['dsn', 'arf', 'autoreply', 'unknown']).toContain(report.kind);
        expect(Array.isArray(report.recipients)).toBe(true);
        if (report.kind === 'unknown') expect(report.recipients).toEqual([]);
        for (const r of report.recipients) {
          expect(typeof r.recipient).toBe('string');
          expectOutcome(r);
        }
        expect(() => JSON.stringify(report)).not.toThrow();
      }),
      params(400),
    );
  }, 50_000);

  const bytes = fc.array(fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.constantFrom('\n', '\r', '\r\n', '{"reply":"550 5.1.1 x"}', '[[[[', '€').map((s) => new Uint8Array(Buffer.from(s)))), { maxLength: 30 })
    .map((parts) => Buffer.concat(parts.map((p) => Buffer.from(p))));
  const lineCount = (b: Buffer) => {
    let n = 0;
    for (const c of b) if (c === 10) n++;
    return n + (b.length > 0 && b[b.length - 1] !== 10 ? 1 : 0);
  };

  it('the CLI line reader: one line per LF however the bytes are chunked, and classify answers each', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (input, sizes, plain) => {
        const chunks: Buffer[] = [];
        for (let i = 0, k = 0; i < input.length; k++) {
          const size = sizes[k % sizes.length];
          chunks.push(input.subarray(i, i + size));
          i += size;
        }
        const lines = [];
        for await (const l of readLines(Readable.from(chunks))) lines.push(l.text);
        expect(lines).toHaveLength(lineCount(input));
        const expected = input.toString('utf8').split('\n');
        if (expected.at(-1) === '') expected.pop();
        expect(lines).toEqual(expected.map((l) => l.replace(/\r$/, '')));
        const written: string[] = [];
        await classifyStream(Readable.from(chunks), (t) => written.push(t), rules, plain);
        // Written a chunk of lines at a time: every answer ends in a newline.
        const out = written.join('').split('\n');
        expect(out.pop()).toBe('');
        expect(out).toHaveLength(lineCount(input));
        for (const o of out) expectOutcome(JSON.parse(o) as Outcome);
      }),
      params(300),
    );
  }, 50_000);

  it('the import parser: any line decodes to an entry, an error or nothing, never a throw', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(fc.oneof(fc.constantFrom('"', ',', '""', 'a@b.example', '@dom.example', 'userunknown', 'hard', '2026-01-01T00:00:00Z', '550', '5.1.1', '{', '}', ':', 'null'), fc.string({ maxLength: 10 })), { maxLength: 20 }).map((a) => a.join('')),
      fc.dictionary(fc.constantFrom('address', 'reason', 'bounce', 'source', 'code', 'enhanced', 'first_seen', 'expires_at', 'count'), fc.jsonValue({ maxDepth: 2 })).map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(fc.constantFrom('csv', 'jsonl') as fc.Arbitrary<'csv' | 'jsonl'>, fc.array(line, { maxLength: 5 }), (format, lines) => {
        const decoder = new LineDecoder(format, { now: 1_700_000_000_000, caseSensitiveLocalPart: false });
        for (const l of lines) {
          const d = decoder.decode(l);
          if (d === null) continue;
          if ('error' in d) expect(typeof d.error).toBe('string');
          else expect(d.entry.key).toMatch(/@/);
        }
      }),
      params(1000),
    );
  });
});
