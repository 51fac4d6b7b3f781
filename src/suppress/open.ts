import { openStore, type OpenStoreOptions } from '../store';
import { parseStoreConfig } from '../store/config';
import type { SuppressionStore } from '../store/types';
import { parseSuppressConfig, type SuppressConfig } from './config';
import { SuppressionPolicy } from './policy';

export interface Suppression {
  store: SuppressionStore;
  policy: SuppressionPolicy;
  config: SuppressConfig;
}

/**
 * Everything a caller needs from one parsed bounceguard.ini: the configured store and the policy
 * over it. `baseDir` (the Haraka directory) anchors relative paths. Throws on invalid config.
 */
export async function openSuppression(ini: Record<string, unknown>, baseDir: string, opts: OpenStoreOptions = {}): Promise<Suppression> {
  const config = parseSuppressConfig(ini);
  const storeConfig = parseStoreConfig(ini, baseDir);
  const store = await openStore(storeConfig, opts);
  return { store, config, policy: new SuppressionPolicy(store, config, opts.now) };
}
