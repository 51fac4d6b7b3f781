import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../../src/dsn';
import { classifyRecipient } from '../../src/dsn/context';
import { corpusDir } from '../../bench/lib/corpus';

const TAIL = "I'm not going to try again; this message has been in the queue too long.";
const maildir = path.join(corpusDir(), 'sisimai', 'emails', 'maildir', 'bsd');
const firstOf = (id: string) => parseBounce(fs.readFileSync(path.join(maildir, `${id}.eml`))).recipients[0];

describe('a message that outlived the sender queue is expired', () => {
  it('reads a temporary failure followed by the queue-lifetime statement as expired', () => {
    const network = classifyRecipient({ recipient: 'a@b', diagnostic: `unable to connect to remote server [192.0.2.1:25]: Operation timed out ${TAIL}` });
    expect(network).toMatchObject({ reason: 'expired', bounce: 'soft', suppress: false, rule: 'dsn.expired' });
    const system = classifyRecipient({ recipient: 'a@b', diagnostic: `Resources temporarily unavailable, please try again later. ${TAIL}` });
    expect(system.reason).toBe('expired');
    expect(classifyRecipient({ recipient: 'a@b', diagnostic: 'Connection refused: retry timeout exceeded' }).reason).toBe('expired');
  });

  it('keeps the failure the MTA coded itself as a network or mail-system one', () => {
    const coded = classifyRecipient({ recipient: 'a@b', diagnostic: `Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) ${TAIL}` });
    expect(coded.reason).toBe('networkerror');
    const ldap = classifyRecipient({ recipient: 'a@b', diagnostic: `Unable to contact LDAP server. (#4.4.3)${TAIL}` });
    expect(ldap.reason).toBe('systemerror');
  });

  it('keeps causes about the recipient or the sender, and never touches a permanent refusal', () => {
    expect(classifyRecipient({ recipient: 'a@b', diagnostic: `450 4.2.2 Mailbox Full ${TAIL}` }).reason).toBe('mailboxfull');
    expect(classifyRecipient({ recipient: 'a@b', diagnostic: 'mailbox is full: retry timeout exceeded' }).reason).toBe('mailboxfull');
    expect(classifyRecipient({ recipient: 'a@b', diagnostic: `Connected but my name was rejected. 501 5.0.0 Invalid domain name ${TAIL}` }).reason).toBe('blocked');
    const unknown = classifyRecipient({ recipient: 'a@b', diagnostic: '550 5.1.1 user unknown. Giving up on 192.0.2.1.' });
    expect(unknown).toMatchObject({ reason: 'userunknown', bounce: 'hard' });
  });

  it('applies to the corpus messages as read in place', () => {
    expect(firstOf('lhost-x2-03').reason).toBe('expired');
    expect(firstOf('lhost-x2-05').reason).toBe('expired');
    expect(firstOf('lhost-qmail-07').reason).toBe('networkerror');
    expect(firstOf('lhost-qmail-05').reason).toBe('systemerror');
    expect(firstOf('lhost-qmail-06').reason).toBe('mailboxfull');
  });
});
