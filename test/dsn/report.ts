/** Builds the multipart/report (RFC 6522) that the dsn tests feed to parseBounce. */
export interface ReportParts {
  from?: string;
  subject: string;
  /** The human-readable notice. */
  text: string;
  /** The per-recipient delivery-status fields (after the Reporting-MTA block). */
  fields: string[];
  /** The returned message's headers, as a text/rfc822-headers part, if any. */
  original?: string[];
}

export function deliveryReport(p: ReportParts): string {
  const original = p.original ? ['--r', 'Content-Type: text/rfc822-headers', '', ...p.original, ''] : [];
  return [
    `From: ${p.from ?? 'Mail Delivery System <MAILER-DAEMON@mx.example.net>'}`,
    'To: sender@example.org',
    `Subject: ${p.subject}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
    '',
    '--r',
    'Content-Type: text/plain',
    '',
    p.text,
    '--r',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    ...p.fields,
    '',
    ...original,
    '--r--',
    '',
  ].join('\n');
}
