import { describe, expect, it } from 'vitest';
import { sisimaiReplies } from '../../bench/lib/corpus';
import { buildRuleSet } from '../../src/classify/classifier';
import { PlainTextClassifier } from '../../src/cli/classify-fast';
import { classifyLine } from '../../src/cli/classify-stream';
import { splitWholeLines } from '../../src/cli/lines';

/** What `classify --text` wrote before the byte path: classifyLine over each line as splitWholeLines reads it. */
function byLines(bytes: Buffer): string {
  const rules = buildRuleSet();
  return splitWholeLines(bytes).map((line) => `${classifyLine(line, rules, true)}\n`).join('');
}

function byBytes(...chunks: Buffer[]): string {
  const rules = buildRuleSet();
  const plain = new PlainTextClassifier(rules, (text) => classifyLine({ text }, rules, true));
  return Buffer.concat(chunks.map((chunk) => plain.classifyBytes(chunk))).toString('utf8');
}

describe('PlainTextClassifier: the output classifyLine gives, line for line', () => {
  it('over the dev replies three times, each line with its own address and queue id, as in a log', () => {
    const replies = sisimaiReplies().map((r) => r.reply.replace(/\s+/g, ' ').trim());
    const lines = Array.from({ length: replies.length * 3 }, (_, i) => `${replies[i % replies.length]} (rcpt user${i}@example.com, queue id ${(0x10000000000 + i * 7919).toString(16).toUpperCase()})`);
    const input = Buffer.from(`${lines.join('\n')}\n`);
    const half = input.lastIndexOf(10, input.length >> 1) + 1;
    expect(byBytes(input.subarray(0, half), input.subarray(half))).toBe(byLines(input));
  });

  it('a second thread that learns what the first answered writes the same, classifying few replies again', () => {
    const input = Buffer.from(`${sisimaiReplies().map((r, i) => `${r.reply.replace(/\s+/g, ' ').trim()} (rcpt u${i}@example.com)`).join('\n')}\n`);
    const rules = buildRuleSet();
    const first = new PlainTextClassifier(rules, (text) => classifyLine({ text }, rules, true));
    const expected = first.classifyBytes(input).toString('utf8');
    const itsRules = buildRuleSet();
    const second = new PlainTextClassifier(itsRules, (text) => classifyLine({ text }, itsRules, true));
    second.learn(structuredClone(first.known()));
    expect(second.classifyBytes(input).toString('utf8')).toBe(expected);
    // What it classified itself (its rule set's cache): only what is not remembered, forwards and text with case beyond ASCII.
    expect(itsRules.cache.size).toBeLessThan(rules.cache.size / 10);
  });

  it('more distinct replies than it remembers: the table starts over, the answers stay the same', () => {
    const lines = Array.from({ length: 10_050 }, (_, i) => `550 5.1.1 user w${i} unknown`);
    const input = Buffer.from(`${[...lines, ...lines.slice(0, 100), ...lines.slice(-100)].join('\n')}\n`);
    expect(byBytes(input)).toBe(byLines(input));
  }, 60_000);

  it.each<[string, string]>([
    ['blank and white-space lines', '\n   \n\t\n550 5.1.1 user unknown\n'],
    ['CRLF endings and a CR inside a line', '550 5.1.1 user\runknown\r\n421 4.7.0 try later\r\n'],
    ['a last line without LF, ending in CR', '550 5.1.1 a@b.example unknown\n550 5.1.1 c@d.example unknown\r'],
    ['forwards, each naming its own address', '551 5.1.6 User has moved; please try <a1@new.example>\n551 5.1.6 User has moved; please try <b2@new.example>\n'],
    ['non-ASCII, an IPv6 "::" and upper case', '550 Benutzer unbekannt: MÜLLER@example.de\n554 rejected from [2001:db8::1]\n550 5.1.1 USER UNKNOWN\n550 5.1.1 user unknown\n'],
    ['scripts without upper case, read as bytes (Japanese, Chinese, lower-case Cyrillic)', '550 宛先不明\n550 5.1.1 ユーザー kijitora は存在しません\n552 收件人邮箱已满\n550 почтовый ящик не существует\n550 宛先不明\n'],
  ])('%s', (_what, input) => {
    const bytes = Buffer.from(input, 'utf8');
    expect(byBytes(bytes)).toBe(byLines(bytes));
  });
});
