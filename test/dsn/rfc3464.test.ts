import { describe, expect, it } from 'vitest';
import { fieldAddress, parseDeliveryStatus, parseStatus } from '../../src/dsn/rfc3464';

describe('delivery-status fields', () => {
  it('reads per-message and per-recipient fields', () => {
    const ds = parseDeliveryStatus(
      [
        'Reporting-MTA: dns; mx.example.org',
        'Arrival-Date: Thu, 29 Apr 2010 23:34:45 +0900',
        '',
        'Original-Recipient: rfc822;Cat@Example.JP',
        'Final-Recipient: RFC822; <cat@example.jp>',
        'Action: failed',
        'Status: 5.1.1 (bad mailbox)',
        'Remote-MTA: dns; mx.example.jp',
        'Diagnostic-Code: smtp; 550 5.1.1 <cat@example.jp>... User',
        '  unknown',
        'Last-Attempt-Date: Thu, 29 Apr 2010 23:34:46 +0900',
        '',
        'Final-Recipient: rfc822; dog@example.jp',
        'Action: delayed',
        'Status: 4.4.1',
        'Will-Retry-Until: Fri, 30 Apr 2010 23:34:46 +0900',
      ].join('\n'),
    );
    expect(ds.reportingMta).toBe('mx.example.org');
    expect(ds.arrivalDate).toBe('Thu, 29 Apr 2010 23:34:45 +0900');
    expect(ds.recipients).toEqual([
      {
        recipient: 'cat@example.jp',
        originalRecipient: 'Cat@Example.JP',
        action: 'failed',
        status: '5.1.1',
        statusComment: 'bad mailbox',
        remoteMta: 'mx.example.jp',
        diagnostic: '550 5.1.1 <cat@example.jp>... User unknown',
        diagnosticType: 'smtp',
        lastAttemptDate: 'Thu, 29 Apr 2010 23:34:46 +0900',
      },
      { recipient: 'dog@example.jp', action: 'delayed', status: '4.4.1', willRetryUntil: 'Fri, 30 Apr 2010 23:34:46 +0900' },
    ]);
  });

  it('keeps one recipient when Action comes first and fields are out of order', () => {
    const ds = parseDeliveryStatus('Action: failed\nFinal-Recipient: rfc822; a@b.c\nOriginal-Recipient: rfc822; a@b.c\nStatus: 5.1.1\n');
    expect(ds.recipients).toHaveLength(1);
    expect(ds.recipients[0]).toMatchObject({ recipient: 'a@b.c', action: 'failed', status: '5.1.1' });
  });

  it('falls back to the mailbox when Final-Recipient is a pipe or a source route', () => {
    const pipe = parseDeliveryStatus('Final-Recipient: rfc822;|/usr/bin/prog cat@example.com /etc/x\nStatus: 5.0.0\n');
    expect(pipe.recipients[0].recipient).toBe('cat@example.com');
    const route = parseDeliveryStatus('Original-recipient: rfc822;cat@example.net\nFinal-recipient: rfc822;@relay.example:cat@server\n');
    expect(route.recipients[0].recipient).toBe('cat@example.net');
  });

  it('parses addresses and statuses leniently', () => {
    expect(fieldAddress('rfc822; "quoted local"@example.org')).toBe('"quoted local"@example.org');
    expect(fieldAddress('rfc822;"x@y.z"')).toBe('x@y.z');
    expect(parseStatus('5.7.26 (DMARC)')).toBe('5.7.26');
    expect(parseStatus('delivered')).toBeUndefined();
  });
});
