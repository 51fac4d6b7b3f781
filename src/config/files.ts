/** bounceguard's config files, in the Haraka directory's config/ folder. */
export const MAIN_FILE = 'bounceguard.ini';
export const RULES_FILE = 'bounceguard-rules.ini';
export const METRICS_FILE = 'bounceguard-metrics.ini';
export const HTTP_FILE = 'bounceguard-http.ini';
export const CONFIG_FILES = [MAIN_FILE, RULES_FILE, METRICS_FILE, HTTP_FILE] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];
