import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vocabularyDir, vocabularyRows, type VocabularyRow } from '../../bench/lib/vocabulary';
import { classify } from '../../src/classify';
import { parseBounce } from '../../src/dsn';

/**
 * The common concepts in other languages, as regional providers and hosters word them on their own
 * help pages (docs/vocabulary/gateways-lang.tsv, the rows whose note says "probe langs6"): each row is
 * sent with no enhanced code, so the words decide, once with the code its source names and once
 * alone, and once inside a plain notice through the DSN parser. A suppress row suppresses, a
 * throttle row throttles, any other row neither suppresses nor throttles (but a blocked IP, which a 4xx
 * defers), and the reason is the documented one but for the rows in REASON_KNOWN.
 */
const REASON_KNOWN: Record<string, string> = {
  '发件人ip被屏蔽': 'the sender (发件人) and a refusal: text.sender-refused-words reads rejected (sender, no suppression)',
};

// The note column (not part of VocabularyRow) marks the probe rows.
const notes = fs.readFileSync(path.join(vocabularyDir(), 'gateways-lang.tsv'), 'utf8').split('\n');
const rows = vocabularyRows().filter((r) => {
  const m = /^gateways-lang\.tsv:(\d+)$/.exec(r.where);
  return m !== null && /probe langs6/.test(notes[Number(m[1]) - 1]?.split('\t')[8] ?? '');
});

function notice(reply: string): string {
  return ['From: MAILER-DAEMON@mx.example.org (Mail Delivery System)', 'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit', '', 'This is the mail system at host mx.example.org.', '',
    "I'm sorry to have to inform you that your message could not", 'be delivered to one or more recipients.', '',
    `<cat@example.jp>: host mx.example.jp[192.0.2.1] said: ${reply} (in reply to RCPT TO command)`, ''].join('\r\n');
}

interface Verdict { suppress: boolean; throttle: boolean; reason: string }

function expectDocumented(row: VocabularyRow, got: Verdict, how: string): void {
  const what = `${row.where} [${row.lang} ${row.reason}] ${how}: ${row.phrase}`;
  expect(got.suppress, what).toBe(row.verdict === 'suppress');
  if (row.verdict === 'throttle') expect(got.throttle, what).toBe(true);
  else if (row.reason !== 'blocked') expect(got.throttle, what).toBe(false);
  if (!(row.phrase in REASON_KNOWN)) expect(got.reason, what).toBe(row.reason);
}

const matrix = new Map<string, Set<string>>();

describe('common concepts in other languages (regional providers\' and hosters\' own words)', () => {
  afterAll(() => {
    console.info(`language probes: ${rows.length} rows\n${[...matrix].map(([c, langs]) => `  ${c.padEnd(14)} ${[...langs].sort().join(' ')}`).join('\n')}`);
  });

  it('are in the table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(97);
  });

  for (const row of rows) {
    it(`${row.where} ${row.lang} ${row.reason}`, () => {
      matrix.set(row.reason, (matrix.get(row.reason) ?? new Set()).add(row.lang));
      expectDocumented(row, classify(row.reply), 'with its code');
      expectDocumented(row, classify(row.phrase), 'the words alone');
      const report = parseBounce(Buffer.from(notice(row.reply), 'utf8'));
      expect(report.recipients.map((r) => r.recipient)).toEqual(['cat@example.jp']);
      expectDocumented(row, report.recipients[0], 'in a notice');
    });
  }
});

/**
 * The same words about something else (review6): each concept a probe row added, in a reply that
 * means another thing (the sender's own address or domain, a permission, the HELO host name). None
 * is evidence about the recipient, so none may suppress.
 */
describe('the probe rows\' words where they say something else', () => {
  it.each([
    ['550 用户没有这个权限', 'zh "no such" (没有这个) before another noun: the user has not this permission'],
    ['550 5.7.1 HELO 主机名无效', 'zh the host NAME (主机名) invalid: the HELO name the sender gave'],
    ['554 发件人主机名无效', 'zh the sender\'s host name invalid'],
    ['550 Die Absender-Domain wird nicht von uns verwaltet', 'de the SENDER\'s domain not managed here'],
    ['550 Ihre Domain wird nicht von uns verwaltet', 'de YOUR domain (the sender\'s) not managed here'],
    ['550 Адрес отправителя больше не принимает писем', 'ru the sender\'s address (адрес отправителя)'],
    ['550 差出人のドメインが存在しません', 'ja the SENDER\'s domain does not exist'],
    ['550 发件人域名不存在', 'zh the sender\'s domain does not exist'],
    ['550 Адрес отправителя не существует', 'ru the sender\'s address does not exist'],
  ])('%s does not suppress (%s)', (reply) => {
    expect(classify(reply).suppress).toBe(false);
  });

  it('still suppresses where the sender is only addressed and the domain is the recipient\'s', () => {
    expect(classify('550 送信者様、宛先のドメインが存在しません').suppress).toBe(true);
  });
});
