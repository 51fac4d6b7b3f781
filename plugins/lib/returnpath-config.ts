import { parseReturnpathConfig, RETURNPATH_BOOLEANS, RETURNPATH_INI, type ReturnpathConfig } from '../../src/returnpath';

let cached: { config: ReturnpathConfig | null } | undefined;
let loggedError: string | undefined;

/**
 * bounceguard-returnpath.ini as last read, shared by bounceguard-returnpath (signing) and
 * bounceguard-inbound (verifying): haraka-config keeps one reload callback a file, so both must read
 * it here. Invalid config: null (no signing, no verification), logged once per distinct error.
 */
export function returnpathConfig(plugin: Haraka.Plugin): ReturnpathConfig | null {
  if (cached) return cached.config;
  const ini = plugin.config.get(RETURNPATH_INI, 'ini', { booleans: RETURNPATH_BOOLEANS }, () => { cached = undefined; }) as Record<string, unknown>;
  try {
    cached = { config: parseReturnpathConfig(ini) };
    loggedError = undefined;
  } catch (err) {
    const message = `bounceguard: return-path signing and verification disabled: ${(err as Error).message}`;
    if (loggedError !== message) plugin.logerror(message);
    loggedError = message;
    cached = { config: null };
  }
  return cached.config;
}

/** Forgets the parsed file (tests, Haraka shutdown). */
export function resetReturnpathConfig(): void {
  cached = undefined;
  loggedError = undefined;
}
