import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/cli/dsn-parse';
import { corpusDir } from '../../bench/lib/corpus';
import { emailPath, loadLabels } from '../../bench/dsn-corpus';

const corpus = corpusDir();
const first = loadLabels(corpus).find((e) => e.module === 'Lhost::Postfix')!;

describe('parse-dsn file handling', () => {
  it('prints the file name with the parsed report', async () => {
    const file = emailPath(corpus, first);
    const { result, unreadable } = await parseFile(file, 10 * 1024 * 1024);
    expect(unreadable).toBe(false);
    expect(result.file).toBe(file);
    expect(result.kind).toBe('dsn');
    expect(result.recipients[0]).toHaveProperty('remoteMta');
  });

  it('reports an unreadable file as an error line', async () => {
    const { result, unreadable } = await parseFile(path.join(os.tmpdir(), 'no-such-bounce.eml'), 1000);
    expect(unreadable).toBe(true);
    expect(result).toMatchObject({ kind: 'unknown', recipients: [] });
    expect(result.error).toMatch(/cannot read .*no-such-bounce\.eml/);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-dsn-'));
    const big = path.join(dir, 'big.eml');
    fs.writeFileSync(big, Buffer.alloc(2048, 'x'));
    try {
      const { result, unreadable } = await parseFile(big, 1024);
      expect(unreadable).toBe(false);
      expect(result.error).toMatch(/larger than the 1024-byte limit/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
