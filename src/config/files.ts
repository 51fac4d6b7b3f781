/** bounceguard's config files, in the Haraka directory's config/ folder (src/config's PARTS say what each holds). */
export const MAIN_FILE = 'bounceguard.ini';
export const RULES_FILE = 'bounceguard-rules.ini';
export const METRICS_FILE = 'bounceguard-metrics.ini';
export const ALERTS_FILE = 'bounceguard-alerts.ini';
export const WEBHOOKS_FILE = 'bounceguard-webhooks.ini';
export const RETURNPATH_FILE = 'bounceguard-returnpath.ini';
export const INBOUND_FILE = 'bounceguard-inbound.ini';
