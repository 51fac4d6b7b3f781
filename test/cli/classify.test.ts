import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'bounceguard.js');

function run(args: string[], input: string | Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', timeout: 30_000 });
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, stderr: r.stderr };
}

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` may not have.
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) {
    spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'inherit' });
  }
}, 120_000);

describe('bounceguard classify', () => {
  it('answers one Outcome a line, in input order, with the id echoed', () => {
    const input = [
      { id: 1, reply: '550 5.1.1 <a@b.example>: user unknown', recipient: 'a@b.example' },
      { id: 'two', reply: '421 4.7.28 unusual rate - gsmtp', stage: 'rcpt' },
      { id: 3, reply: '250 2.0.0 OK', mx: 'mx.example.net' },
    ].map((o) => JSON.stringify(o)).join('\n');
    const { status, lines } = run(['classify'], `${input}\n`);
    expect(status).toBe(0);
    expect(lines.map((l) => l.id)).toEqual([1, 'two', 3]);
    expect(lines[0]).toMatchObject({ recipient: 'a@b.example', reason: 'userunknown', suppress: true, code: 550, enhanced: '5.1.1' });
    expect(lines[1]).not.toHaveProperty('recipient');
    expect(lines[1]).toMatchObject({ reason: 'speeding', throttle: true, provider: 'google' });
    expect(lines[2]).toMatchObject({ reason: 'delivered', bounce: 'none' });
  });

  it('explains each decision with --explain: what was read, the rules tried, the deciding rule and its source', () => {
    const input = `${JSON.stringify({ id: 1, reply: '550 5.1.1 <a@b.example>: user unknown', stage: 'rcpt' })}\n`;
    const { status, lines } = run(['classify', '--explain'], input);
    expect(status).toBe(0);
    const [line] = lines as Array<Record<string, unknown> & { explain: Record<string, unknown> }>;
    expect(line).toMatchObject({ id: 1, rule: classify({ reply: '550 5.1.1 <a@b.example>: user unknown', stage: 'rcpt' }).rule, evidence: 'text' });
    expect(line.explain).toMatchObject({ facts: { code: 550, enhanced: '5.1.1', stage: 'rcpt', text: '550 5.1.1 <x@b.example>: user unknown' } });
    expect(line.explain.source).toMatch(/RFC/);
    // The rules the gate let through that did not match, before the one that decided.
    expect((line.explain.tried as string[]).length).toBeGreaterThan(0);
    expect(line.explain.tried).not.toContain(line.rule);
    expect(line.explain.skipped).toBeGreaterThan(50);
    const plain = run(['classify', '--text', '--explain'], 'no code at all\n').lines[0] as { rule: string; evidence: string; explain: { source: string } };
    expect(plain).toMatchObject({ rule: 'basic.none', evidence: 'code-only', explain: { facts: { code: null } } });
    expect(plain.explain.source).toMatch(/RFC 5321/);
  });

  it('reads plain lines with --text, one output line for each, a blank one too', () => {
    const { lines } = run(['classify', '--text'], '550 5.1.1 user unknown\n\n554 5.7.1 blocked using zen.spamhaus.org\n');
    expect(lines.map((l) => l.reason)).toEqual(['userunknown', 'undefined', 'blocked']);
    expect(lines[1]).toMatchObject({ error: 'empty line' });
  });

  it('turns every bad line into an undefined Outcome with an error, and goes on', () => {
    const input = ['{not json', '[1,2]', '{"reply": 42}', '{"reply": "550 5.1.1 x", "stage": "quit"}', '{"reply":"550 5.1.1 unknown"}'].join('\n');
    const { status, lines } = run(['classify'], input);
    expect(status).toBe(0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ reason: 'undefined', error: expect.stringMatching(/invalid JSON/) });
    expect(lines[1]).toMatchObject({ reason: 'undefined', error: expect.stringMatching(/"reply"/) });
    expect(lines[2]).toMatchObject({ reason: 'undefined', error: expect.stringMatching(/"reply"/) });
    expect(lines[3]).toMatchObject({ reason: 'userunknown', error: expect.stringMatching(/unknown stage/) });
    expect(lines[4]).toMatchObject({ reason: 'userunknown' });
  });

  it('survives any bytes on stdin', () => {
    const junk = Buffer.concat([crypto.randomBytes(200_000), Buffer.from('\n{"reply":"550 5.1.1 unknown"}\n'), Buffer.alloc(1000, 0xff)]);
    const { status, lines } = run(['classify'], junk);
    expect(status).toBe(0);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.reason === 'userunknown')).toBe(true);
    expect(lines.filter((l) => l.error).every((l) => l.reason === 'undefined')).toBe(true);
  });

  it('names a bad operator rules file and exits 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cli-'));
    try {
      fs.mkdirSync(path.join(dir, 'config'));
      fs.writeFileSync(path.join(dir, 'config', 'bounceguard-rules.ini'), '[broken]\ncode = 9x9\nreason = blocked\n');
      const r = spawnSync(process.execPath, [bin, '--config', dir, 'classify'], { input: '', encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/config\/bounceguard-rules\.ini \[broken\]: code: must be like/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help for the command', () => {
    const r = spawnSync(process.execPath, [bin, 'classify', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--text/);
  });
});
