export * from './config';
export { sign, verify, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign';
export { WebhookSender, type SenderHooks } from './sender';
