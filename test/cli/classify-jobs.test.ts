import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/cli';

const REPLIES = [
  '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown',
  '421 4.7.28 Our system has detected an unusual rate of unsolicited mail',
  '452 4.2.2 The email account that you tried to reach is over quota',
  '',
  'not json at all',
];

function classify(input: string, jobs: number): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), 'classify', '--jobs', String(jobs)], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout };
}

describe('classify over a large input on worker threads', () => {
  beforeAll(() => ensureBuilt());

  it('answers every line, in order, exactly as one thread does', () => {
    // Past the first 2 MB, answered before workers start, with blank and broken lines among them.
    const lines = Array.from({ length: 45_000 }, (_, i) => {
      const reply = REPLIES[i % REPLIES.length];
      return reply === '' || reply.startsWith('not') ? reply : JSON.stringify({ id: i, reply: `${reply} (queue id ${(0x10000000000 + i).toString(16)})` });
    });
    const input = `${lines.join('\n')}\n`;
    const one = classify(input, 1);
    const two = classify(input, 2);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    const answers = two.stdout.split('\n').filter(Boolean);
    expect(answers).toHaveLength(45_000);
    expect(JSON.parse(answers[44_995])).toMatchObject({ id: 44_995, reason: 'userunknown' });
    expect(two.stdout).toBe(one.stdout);
  });

  it('reads a file on stdin (in large pieces) exactly as a pipe', () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `${REPLIES[i % 3]} (queue id ${(0x10000000000 + i).toString(16)})`);
    const input = `${lines.join('\n')}\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-stdin-'));
    const file = path.join(dir, 'replies.txt');
    fs.writeFileSync(file, input);
    const fd = fs.openSync(file, 'r');
    try {
      const fromFile = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), 'classify', '--text', '--jobs', '2'],
        { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const fromPipe = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bounceguard.js'), 'classify', '--text', '--jobs', '1'],
        { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(fromFile.status).toBe(0);
      expect(fromFile.stdout.split('\n').filter(Boolean)).toHaveLength(30_000);
      expect(fromFile.stdout).toBe(fromPipe.stdout);
    } finally {
      fs.closeSync(fd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
