import { describe, expect, it } from 'vitest';
import { JAPAN_PROVIDER_BUILDERS } from '../../bench/lib/notices-japan-lists';
import { parseBounce } from '../../src/dsn';
import { noticeSuite } from './notice-suite';

/**
 * The cited replies of docs/vocabulary inside the notices of Japanese carriers and gateways (au EZweb,
 * DTI, Biglobe, m-FILTER, Active!hunter, a Japanese Postfix template in ISO-2022-JP and Shift_JIS) and of
 * providers (Yahoo, AOL, Verizon, GMX, 1&1, Mail.ru, Yandex, Zoho, Outlook.com, Bigfoot, Facebook):
 * bench/lib/notices-japan-lists.ts. The report must find the recipient and say of it what the
 * classifier says of the bare reply. The rows below do not in some notices, for the reasons
 * test/dsn/notice-variants.test.ts gives of the same rows; the test fails when one of them holds in
 * every notice (take it off) and when the number of changed emails grows.
 * `node dist/bench/dsn-variants.js --more --misses` lists them.
 */
const KNOWN: Record<string, string[]> = {
  'the row stops where a DNSBL\'s name goes ("listed at"): the words a notice writes after it make it the blocklisting it is': ['mta.tsv:165', 'gateways-lang.tsv:221'],
  'a 5.7.x reply with "no such user" words, in a notice that names no SMTP stage: the report takes its policy status over the words (context.ts byEvidence)': [
    'mta.tsv:205', 'providers.tsv:51', 'providers.tsv:330', 'gateways-lang.tsv:36', 'gateways-lang.tsv:153',
  ],
  'a Russian row inside DTI\'s bilingual notice: its Japanese closing ("ご不明な点", anything unclear) runs into the recipient\'s text, and with the row\'s "адресатам" (recipients) reads as an unknown recipient': [
    'gateways-lang.tsv:81',
  ],
};
noticeSuite({ title: "the cited vocabulary inside Japanese and providers' bounce notices", builders: JAPAN_PROVIDER_BUILDERS, known: KNOWN, ceiling: 50 });

/** A list manager's notice to the poster: plain text, no report. Addresses and names ours. */
function listNotice(from: string, subject: string, body: string[], extra: string[] = []): string {
  return [`From: ${from}`, 'To: sender@example.org', `Subject: ${subject}`, 'Date: Fri, 27 Nov 2026 16:21:18 +0000', ...extra, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=us-ascii', '', ...body, ''].join('\n');
}

const LIST = 'team@lists.example.net';
const PASTED = ['---------- Original Message ----------', 'From: sender@example.org', `To: ${LIST}`, 'Subject: Hello', 'Message-ID: <m.1@example.org>', '', 'Hi.'];
/** GNU Mailman's refuse.txt (2.1 templates/en, 3 list:user:notice:refuse) with the moderator's reason, the original pasted after it (ListAdmin.__refuse, app/moderator.py _refuse). */
const refused = (listName: string, reason: string) => [
  `Your request to the ${listName} mailing list`, '', '    Posting of your message titled "Hello"', '', 'has been rejected by the list moderator.  The moderator gave the', 'following reason for rejecting your request:', '', `"${reason}"`, '',
  'Any questions or comments should be directed to the list administrator', 'at:', '', '    team-owner@lists.example.net', '', ...PASTED,
];

describe('mailing-list managers\' refusals name the list as the failed recipient', () => {
  const read = (eml: string) => parseBounce(eml).recipients.find((r) => r.recipient.toLowerCase() === LIST);

  it('ezmlm-idx refusing a non-subscriber through qmail-send (ezmlmrc: ezmlm-issubn || echo "Sorry, only subscribers may post..."; exit 100)', () => {
    const eml = listNotice('MAILER-DAEMON@lists.example.net', 'failure notice', [
      'Hi. This is the qmail-send program at lists.example.net.', "I'm afraid I wasn't able to deliver your message to the following addresses.", "This is a permanent error; I've given up. Sorry it didn't work out.", '',
      `<${LIST}>:`, 'Sorry, only subscribers may post. If you are a subscriber, please forward this message to team-owner@lists.example.net to get your new address included (#5.7.2)', '', '--- Below this line is a copy of the message.',
    ]);
    expect(read(eml)?.suppress).toBe(true);
  });

  it('GNU Mailman 2.1 refusing a non-member, from the list owner', () => {
    expect(read(listNotice('team-owner@lists.example.net', 'Request to mailing list Team rejected', refused('Team', 'Non-members are not allowed to post.')))?.suppress).toBe(true);
  });

  it('GNU Mailman 3 refusing a post for a reason of the moderator\'s own, from the list\'s -bounces address: found, not suppressed', () => {
    const got = read(listNotice('team-bounces@lists.example.net', 'Request to mailing list "Team" rejected', refused(LIST, 'Off topic')));
    expect(got).toBeDefined();
    expect(got?.suppress).toBe(false);
  });

  it('Sympa\'s moderator rejection names the moderator, who is no failed recipient (mail_tt2/reject.tt2)', () => {
    const eml = listNotice('team-owner@lists.example.net', 'Your message has been rejected.', [
      `Your message for list ${LIST}`, 'has been rejected by the moderator (moderator@lists.example.net).', '', '(Subject of your mail: Hello)', '', '', 'Check team list usage:', 'https://lists.example.net/sympa/info/team',
    ]);
    const got = parseBounce(eml).recipients;
    expect(got.map((r) => r.recipient)).toEqual([LIST]);
    expect(got[0].diagnostic).toMatch(/rejected by the moderator/);
  });

  it('Google Groups: the group may not exist or take no post from the sender (Sisimai lib/Sisimai/Lhost/GoogleGroups.pm markers)', () => {
    const eml = listNotice('Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Delivery Status Notification (Failure)', [
      'Hello sender@example.org,', '', "We're writing to let you know that the group you tried to contact (team) may not exist, or you may not have permission to post messages to the group. A few more details on why you weren't able to post:", '',
      ' * You might have spelled or formatted the group name incorrectly.', ' * The owner of the group may have removed this group.', ' * You may need to join the group before receiving permission to post.', ' * This group may not be open to posting.', '', 'Thanks,', '', 'Google Groups',
    ], [`X-Failed-Recipients: ${LIST}`, 'X-Google-Smtp-Source: AGHT+IE']);
    expect(read(eml)?.suppress).toBe(true);
  });

  it('fml refusing a non-member names its command address to write to, which is no failed recipient (Sisimai lib/Sisimai/Lhost/FML.pm)', () => {
    const eml = listNotice('team-admin@lists.example.net', 'NOT MEMBER article from sender@example.org (team ML)', [
      `You are not a member of this mailing list <${LIST}>.`, '', 'If you know the general guide of this list, please send mail with the mail body', '', '\tguide', '', 'to the address', '', '\tteam-ctl@lists.example.net', '',
      'Original mail as follows:', '', 'From: sender@example.org', `To: ${LIST}`, 'Subject: Hello',
    ]);
    expect(parseBounce(eml).recipients.map((r) => r.recipient)).toEqual([LIST]);
  });
});
