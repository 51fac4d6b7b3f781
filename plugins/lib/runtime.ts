import path from 'node:path';
import { loadRuleSet, type RuleSet } from '../../src/classify';
import type { IniReader } from '../../src/config/reader';
import { openStore, parseStoreConfig, type RedisLike, type StoreConfig, type SuppressionStore } from '../../src/store';
import { INI_BOOLEANS as SUPPRESS_BOOLEANS, parseSuppressConfig, SuppressionPolicy, type Suppression } from '../../src/suppress';
import type { GuardAlert } from '../../src/suppress/guard';
import { INI_BOOLEANS as THROTTLE_BOOLEANS } from '../../src/throttle';
import { watchStoreFiles } from './writable';
import { metrics } from './metrics';

/**
 * What the bounceguard plugins share in one Haraka process: the rule set, the store, the suppression
 * policy and the parsed bounceguard.ini, opened once, reloaded when their config files change.
 * Invalid config disables the part it configures, with one clear log line; it never stops Haraka.
 */
export interface Runtime {
  rules: RuleSet;
  /** null while [store] is invalid or the store could not be opened: throttling is then off too. */
  store: SuppressionStore | null;
  /** null while there is no store or [suppress]/[allowlist] is invalid. */
  suppression: Suppression | null;
  /** Milliseconds a hook may wait on the store before it lets mail through. */
  budgetMs: number;
  /** bounceguard.ini as last read; `iniVersion` changes on every reload. */
  ini: Record<string, unknown>;
  iniVersion: number;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

const DEFAULT_BUDGET_MS = 250;
/**
 * haraka-config keeps one reload callback and one set of options per file: every plugin must read
 * bounceguard.ini through here, with the booleans of every section, or its reload is lost.
 */
const BOUNCEGUARD_BOOLEANS = [...SUPPRESS_BOOLEANS, ...THROTTLE_BOOLEANS];

let shared: Promise<Runtime> | undefined;

/** What Haraka's init_master/init_child hooks receive; haraka-plugin-redis leaves its client in notes. */
export interface HarakaServer {
  notes?: { redis?: unknown };
  /** Set by Haraka when it runs workers (smtp.ini nodes). */
  cluster?: unknown;
}

/**
 * The runtime of this process; the first plugin to ask opens it with its own config reader and logger.
 * Called from init_master/init_child with the server, it shares haraka-plugin-redis's client when
 * that plugin is loaded (listed before bounceguard in config/plugins). A failed open is retried by
 * the next caller.
 */
export function runtime(plugin: Haraka.Plugin, server?: HarakaServer): Promise<Runtime> {
  if (!shared) {
    const opening = open(iniReaderOf(plugin), logOf(plugin), server?.notes?.redis as RedisLike | undefined);
    shared = opening;
    opening.catch(() => {
      if (shared === opening) shared = undefined;
    });
  }
  return shared;
}

/** Closes the store (Haraka shutdown, tests). */
export async function closeRuntime(): Promise<void> {
  const current = shared;
  shared = undefined;
  watchStoreFiles(null);
  const rt = await current?.catch(() => undefined);
  await rt?.store?.close();
}

async function open(readIni: IniReader, log: Log, redisClient?: RedisLike): Promise<Runtime> {
  const reloadRules = () => { rt.rules = loadRulesOrBuiltin(readIni, log, reloadRules); };
  const reopen = async () => {
    const old = rt.store;
    Object.assign(rt, await openStoreAndPolicy(readIni, log, onIniChange, redisClient, old), { iniVersion: rt.iniVersion + 1 });
    if (old && old !== rt.store) await old.close().catch(() => undefined);
  };
  // Reloads run one after another: overlapping ones would each open a store and close the same old one.
  let reloading = Promise.resolve();
  const onIniChange = () => {
    reloading = reloading.then(reopen).catch((err: Error) => log('error', `bounceguard: reloading bounceguard.ini failed: ${err.message}`));
  };
  const rt: Runtime = {
    rules: loadRulesOrBuiltin(readIni, log, reloadRules),
    ...(await openStoreAndPolicy(readIni, log, onIniChange, redisClient)),
    iniVersion: 0,
  };
  return rt;
}

function loadRulesOrBuiltin(readIni: IniReader, log: Log, onChange: () => void): RuleSet {
  try {
    return loadRuleSet(readIni, onChange);
  } catch (err) {
    log('error', `${(err as Error).message}\nbounceguard: operator rules disabled; the built-in rules apply`);
    return loadRuleSet(() => ({}));
  }
}

type Opened = Pick<Runtime, 'store' | 'suppression' | 'budgetMs' | 'ini'>;

/** The [store] settings each open store was opened with: a reload that leaves them alone keeps it. */
const openedWith = new WeakMap<SuppressionStore, string>();

/**
 * The store from [store] alone, then the policy: a mistake in [suppress] must not stop throttling.
 * The current store is kept when [store] did not change (a memory store keeps its entries, the
 * lookup cache its answers).
 */
async function openStoreAndPolicy(
  readIni: IniReader, log: Log, onChange: () => void, redisClient?: RedisLike, current?: SuppressionStore | null,
): Promise<Opened> {
  const ini = readIni('bounceguard.ini', { booleans: BOUNCEGUARD_BOOLEANS }, onChange);
  let store: SuppressionStore;
  let budgetMs: number;
  let storeConfig: StoreConfig | null = null;
  try {
    storeConfig = parseStoreConfig(ini, harakaDir());
    watchStoreFiles(storeConfig, log, onChange);
    const settings = JSON.stringify(storeConfig);
    if (current && openedWith.get(current) === settings) {
      store = current;
    } else {
      const shareRedis = storeConfig.backend === 'redis' && redisClient !== undefined;
      store = await openStore(storeConfig, { resilient: true, log, redisClient: shareRedis ? redisClient : undefined });
      openedWith.set(store, settings);
      log('info', `bounceguard: store ready (${storeConfig.backend}${shareRedis ? ", haraka-plugin-redis's client" : ''})`);
    }
    // The store enforces its own budget per call; ours covers a check that makes several calls.
    budgetMs = storeConfig.timeoutMs * 3;
  } catch (err) {
    if (!storeConfig) watchStoreFiles(null);
    log('error', `bounceguard: store disabled, and with it suppression and throttling: ${(err as Error).message}`);
    return { store: null, suppression: null, budgetMs: DEFAULT_BUDGET_MS, ini };
  }
  try {
    const config = parseSuppressConfig(ini);
    const policy = new SuppressionPolicy(store, config, Date.now, { onAlert: (alert) => raiseAlert(log, alert) });
    return { store, suppression: { store, config, policy }, budgetMs, ini };
  } catch (err) {
    log('error', `bounceguard: suppression disabled: ${(err as Error).message}`);
    return { store, suppression: null, budgetMs, ini };
  }
}

/** A paused source: the operator must look (an error line for log watchers, a counter for Prometheus alerts). */
function raiseAlert(log: Log, alert: GuardAlert): void {
  log('error', alert.message);
  metrics.suppressionPaused(alert.source);
}

function harakaDir(): string {
  return path.resolve(process.env.HARAKA ?? process.cwd());
}

function iniReaderOf(plugin: Haraka.Plugin): IniReader {
  return (name, opts, onChange) => plugin.config.get(name, 'ini', opts ?? {}, onChange) as Record<string, unknown>;
}

function logOf(plugin: Haraka.Plugin): Log {
  return (level, message) => {
    if (level === 'error') plugin.logerror(message);
    else if (level === 'warn') plugin.logwarn(message);
    else plugin.loginfo(message);
  };
}
