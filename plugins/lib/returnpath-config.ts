import { INBOUND_BOOLEANS, INBOUND_INI, parseInboundConfig } from '../../src/inbound';
import { parseReturnpathConfig, RETURNPATH_BOOLEANS, RETURNPATH_INI } from '../../src/returnpath';
import { iniCache } from './ini-cache';

/** bounceguard-returnpath.ini: bounceguard-returnpath signs with it, bounceguard-inbound verifies with it. */
export const returnpathIni = iniCache(RETURNPATH_INI, RETURNPATH_BOOLEANS, parseReturnpathConfig, 'return-path signing and verification');

/** bounceguard-inbound.ini. */
export const inboundIni = iniCache(INBOUND_INI, INBOUND_BOOLEANS, parseInboundConfig, 'inbound bounce handling');
