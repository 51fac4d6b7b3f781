/** bounceguard's config files, in the Haraka directory's config/ folder (src/config's PARTS say what each holds). */
export const MAIN_FILE = 'bounceguard.ini';
export const RULES_FILE = 'bounceguard-rules.ini';
export const METRICS_FILE = 'bounceguard-metrics.ini';
export const ALERTS_FILE = 'bounceguard-alerts.ini';
export const WEBHOOKS_FILE = 'bounceguard-webhooks.ini';
export const RETURNPATH_FILE = 'bounceguard-returnpath.ini';
export const INBOUND_FILE = 'bounceguard-inbound.ini';
/** Every file, in the order src/config's PARTS read them; kept here so that the CLI can name them without loading the schemas. */
export const CONFIG_FILES = [MAIN_FILE, RULES_FILE, METRICS_FILE, ALERTS_FILE, WEBHOOKS_FILE, RETURNPATH_FILE, INBOUND_FILE] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];
