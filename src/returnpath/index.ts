export { signBatv, signVerp, verifyReturnPath, dayOf, MAX_LOCAL_PART, type SigningKeys, type Verified, type VerpBase } from './sign';
export {
  parseReturnpathConfig, verpBases, returnDomains, type ReturnpathConfig, type DomainPolicy,
} from './config';
export { SentRecords, normaliseMessageId, type SentRecord, type StateStore } from './records';
export { returnPathFor, type ReturnPath } from './outbound';
