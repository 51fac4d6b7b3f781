import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify';
import { classifyStream } from '../../src/cli/classify-stream';
import { MAX_LINE_BYTES, readLines } from '../../src/cli/lines';

const rules = buildRuleSet();

async function run(input: Buffer | string, plainText = false, chunk = 64 * 1024): Promise<Array<Record<string, unknown>>> {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: string[] = [];
  await classifyStream(Readable.from(chunks), (text) => out.push(text), rules, plainText);
  const joined = out.join('');
  expect(joined.endsWith('\n') || joined === '').toBe(true);
  return joined.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('classify: one output line per input line, in order, whatever the line', () => {
  it('blank lines, bare CR inside a line, CRLF endings', async () => {
    const input = [
      '{"id":1,"reply":"550 5.1.1 unknown"}', '', '{"id":2,\r"reply":"550 5.1.1 user unknown"}', '   ',
      '{"id":3,"reply":"550 5.1.1\rsplit"}', '{"id":4,"reply":"250 ok"}\r', '',
    ].join('\n');
    const lines = await run(input);
    expect(lines).toHaveLength(6);
    expect(lines.map((l) => l.id)).toEqual([1, undefined, 2, undefined, undefined, 4]);
    expect(lines[1]).toMatchObject({ reason: 'undefined', error: 'empty line' });
    expect(lines[2]).toMatchObject({ reason: 'userunknown' });
    // A raw CR inside a JSON string is invalid JSON: one error line, not two.
    expect(lines[4]).toMatchObject({ reason: 'undefined', error: expect.stringMatching(/invalid JSON/) });
    expect(lines[5]).toMatchObject({ reason: 'delivered' });
  });

  it('an id or stage nested 100,000 deep', async () => {
    const input = [
      `{"id":${deep(100_000)},"reply":"550 5.1.1 unknown"}`,
      `{"id":7,"reply":"550 5.1.1 unknown","stage":${deep(100_000)}}`,
      `{"id":${deep(5000)},"reply":"550 5.1.1 unknown"}`,
      '{"id":8,"reply":"421 4.7.0 try later"}',
    ].join('\n');
    const lines = await run(`${input}\n`);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ reason: 'userunknown', error: expect.stringMatching(/id could not be echoed|invalid JSON/) });
    expect(lines[1]).toMatchObject({ id: 7, reason: 'userunknown', error: expect.stringMatching(/unknown stage \(a list\)/) });
    expect(lines[2]).toMatchObject({ reason: 'userunknown' });
    expect(lines[3]).toMatchObject({ id: 8 });
  }, 30_000);

  it('a line over the limit gives one error line, and the next line is read', async () => {
    const input = `{"reply":"${'x'.repeat(MAX_LINE_BYTES + 10)}"}\n{"id":9,"reply":"550 5.1.1 unknown"}\n`;
    const lines = await run(input, false, 100_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ reason: 'undefined', error: expect.stringMatching(/over the .*-byte limit/) });
    expect(lines[1]).toMatchObject({ id: 9, reason: 'userunknown' });
  }, 30_000);

  it('plain-text mode counts every line too, a CR being data', async () => {
    const lines = await run('550 5.1.1 user unknown\n\n554 5.7.1 blocked\rusing zen.spamhaus.org\n421 4.7.0 later', true);
    expect(lines.map((l) => l.reason)).toEqual(['userunknown', 'undefined', 'blocked', expect.any(String)]);
  });
});

describe('readLines', () => {
  const collect = async (chunks: Array<string | Buffer>, max?: number) => {
    const out = [];
    for await (const l of readLines(Readable.from(chunks), max)) out.push(l);
    return out;
  };

  it('splits on LF only, keeps a UTF-8 character split across chunks whole, counts a last line without LF', async () => {
    const euro = Buffer.from('€');
    const lines = await collect([Buffer.from('a\rb\n'), euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from('\r\n\nlast')])]);
    expect(lines.map((l) => l.text)).toEqual(['a\rb', '€', '', 'last']);
  });

  it('cuts a long line and says how long it was', async () => {
    const lines = await collect(['abcdef', 'ghij\nk\n'], 4);
    expect(lines).toEqual([{ text: 'abcd', overLong: 10 }, { text: 'k' }]);
  });
});

describe('bounceguard classify (the process)', () => {
  const root = path.resolve(__dirname, '../..');
  beforeAll(() => {
    if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) {
      spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'inherit' });
    }
  }, 120_000);

  it('exits 0 with one line per line after a 5,000-deep id (it used to abort with exit 2)', () => {
    const input = [`{"id":${deep(5000)},"reply":"x"}`, `{"id":{"a":${deep(5000)}},"reply":"x"}`, '{"id":3,"reply":"550 5.1.1 unknown"}', ''].join('\n');
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'bounceguard.js'), 'classify'], { input, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ id: 3, reason: 'userunknown' });
  }, 60_000);
});
