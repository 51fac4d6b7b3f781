/**
 * One ini file of a plugin, parsed once and again after it changes (haraka-config keeps one reload
 * callback a file: every reader of the file must come through the same cache). Invalid: null, with
 * one log line per distinct error, so the feature it configures is off and mail goes on.
 */
export function iniCache<T>(file: string, booleans: string[], parse: (ini: Record<string, unknown>) => T, offWhat: string) {
  let cached: { config: T | null } | undefined;
  let loggedError: string | undefined;
  return {
    get(plugin: Haraka.Plugin): T | null {
      if (cached) return cached.config;
      const ini = plugin.config.get(file, 'ini', { booleans }, () => { cached = undefined; }) as Record<string, unknown>;
      try {
        cached = { config: parse(ini) };
        loggedError = undefined;
      } catch (err) {
        const message = `bounceguard: ${offWhat} disabled: ${(err as Error).message}`;
        if (loggedError !== message) plugin.logerror(message);
        loggedError = message;
        cached = { config: null };
      }
      return cached.config;
    },
    /** Forgets the parsed file (Haraka shutdown, tests). */
    reset(): void {
      cached = undefined;
      loggedError = undefined;
    },
  };
}
