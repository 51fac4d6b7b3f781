export { parseInboundConfig, type InboundConfig } from './config';
export { judgeRecipient, refusalText, type RcptVerdict, type SignedPath, type RefusalWhy } from './rcpt';
export { checkReport, type Checked, type Envelope } from './check';
export { recordReport, type ReportRecipient, type ReportRecording } from './record';
export { envelopeFromHeaders } from './envelope';
