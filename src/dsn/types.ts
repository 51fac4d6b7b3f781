import type { RuleSet } from '../classify/classifier';
import type { Outcome, Reason, Stage } from '../classify/types';

export type ReportKind = 'dsn' | 'arf' | 'autoreply' | 'unknown';

/** One recipient as read from the report, before classification. */
export interface RawRecipient {
  recipient: string;
  originalRecipient?: string;
  action?: string;
  /** RFC 3463 status from the Status field (or the vendor's equivalent). */
  status?: string;
  /** The comment of the Status field, e.g. "(host name lookup failure)". */
  statusComment?: string;
  /** The remote reply or the MTA's explanation, as one line of text. */
  diagnostic?: string;
  remoteMta?: string;
  lastAttemptDate?: string;
  willRetryUntil?: string;
  feedbackType?: string;
  /** Diagnostic-Code type ("smtp", "x-unix", "x-postfix"...), lower case. */
  diagnosticType?: string;
  /** The SMTP command the remote server refused, when the report says. */
  stage?: Stage;
  /** The recipient's own filter refused the message after it reached the mailbox (a Sieve reject, mdn.ts). */
  refusedByRecipient?: boolean;
  /** A reason the format itself states (an SES bounce subtype, an ARF report...), used when the text says nothing. */
  hint?: Reason;
}

/** One recipient's result: the classifier's Outcome plus what the report said about it. */
export interface RecipientResult extends Outcome {
  recipient: string;
  originalRecipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
  lastAttemptDate: string | null;
  willRetryUntil: string | null;
  /** The SMTP command the remote server refused, when the report says. */
  stage: Stage | null;
  feedbackType?: string;
}

/** Headers of the returned original message, for correlating a bounce with what was sent. */
export interface OriginalMessage {
  message_id: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  /** X- headers of the original, lower-case names; the first value of each. */
  x_headers: Record<string, string>;
}

export interface ParsedReport {
  kind: ReportKind;
  /** Which reader produced the recipients: rfc3464, rfc3464-text, text, ses, arf, rfc3834. */
  format: string | null;
  /** The MTA or provider that wrote the bounce, when recognisable (postfix, exim, google...). */
  mta: string | null;
  recipients: RecipientResult[];
  reporting_mta: string | null;
  arrival_date: string | null;
  original: OriginalMessage | null;
  error?: string;
}

export interface ParseOptions {
  /** Messages larger than this are not parsed (result carries an error). Default 10 MB. */
  maxBytes?: number;
  /** Classifier rules (operator rules included); the built-in set when absent. */
  rules?: RuleSet;
}
