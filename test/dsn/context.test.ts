import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify';
import { classifyRecipient, replyText } from '../../src/dsn/context';

describe('DSN context on top of the classifier', () => {
  it('passes the Status to the classifier when the text has no enhanced code', () => {
    expect(replyText({ recipient: 'a@b', status: '5.1.1', diagnostic: '550 mailbox unavailable' })).toBe('5.1.1 550 mailbox unavailable');
    expect(replyText({ recipient: 'a@b', status: '5.0.0', diagnostic: '550 5.1.1 unknown' })).toBe('550 5.1.1 unknown');
    expect(replyText({ recipient: 'a@b', status: '4.4.1' })).toBe('4.4.1');
  });

  it('never hard-bounces a recipient whose delivery is only delayed', () => {
    const r = classifyRecipient({ recipient: 'a@b', action: 'delayed', status: '5.1.1', diagnostic: '550 5.1.1 user unknown' });
    expect(r.bounce).toBe('soft');
    expect(r.suppress).toBe(false);
    expect(r.action).toBe('delayed');
  });

  it('calls a temporary failure that the MTA gave up on expired', () => {
    const r = classifyRecipient({ recipient: 'a@b', action: 'failed', status: '4.4.1', diagnostic: 'connect to mx.example: Connection timed out' });
    expect(r).toMatchObject({ reason: 'expired', bounce: 'soft', suppress: false });
    expect(classifyRecipient({ recipient: 'a@b', action: 'expired', diagnostic: 'Connection timed out' }).reason).toBe('expired');
  });

  it('keeps a specific reason the text gives even when the MTA gave up', () => {
    const text = '452 4.2.2 Mailbox full';
    const r = classifyRecipient({ recipient: 'a@b', action: 'failed', status: '4.2.2', diagnostic: text });
    expect(r.reason).toBe(classify(text).reason);
  });

  it('reads "user unknown" after DATA as a content refusal unless the status confirms the mailbox', () => {
    const afterData = classifyRecipient({ recipient: 'a@b', action: 'failed', status: '5.0.0', diagnostic: '550 Unknown user a@b', stage: 'data' });
    expect(afterData).toMatchObject({ reason: 'filtered', bounce: 'soft' });
    const confirmed = classifyRecipient({ recipient: 'a@b', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 Unknown user', stage: 'data' });
    expect(confirmed.reason).toBe('userunknown');
  });

  it('treats an X-Unix exit status as a failed delivery program, not an SMTP code', () => {
    const r = classifyRecipient({ recipient: 'a@b', action: 'failed', status: '5.0.0', diagnostic: '255', diagnosticType: 'x-unix' });
    expect(r).toMatchObject({ reason: 'mailererror', bounce: 'soft', rule: 'dsn.x-unix' });
  });

  it('gives complaints, auto-replies and deliveries no bounce', () => {
    expect(classifyRecipient({ recipient: 'a@b', hint: 'feedback', feedbackType: 'abuse' })).toMatchObject({ reason: 'feedback', bounce: 'none', suppress: true, feedbackType: 'abuse' });
    expect(classifyRecipient({ recipient: 'a@b', hint: 'feedback', feedbackType: 'not-spam' }).suppress).toBe(false);
    expect(classifyRecipient({ recipient: 'a@b', hint: 'vacation' })).toMatchObject({ reason: 'vacation', bounce: 'none' });
    expect(classifyRecipient({ recipient: 'a@b', action: 'relayed', status: '2.0.0' })).toMatchObject({ reason: 'delivered', bounce: 'none' });
  });
});
