import { buildRuleSet, type RuleSet } from '../../src/classify';
import { harakaRoot, MAIN_FILE, type ConfigFile, type IniReader, type Part } from '../../src/config';
import { LiveConfig } from '../../src/config/live';
import { openStore, type RedisLike, type StoreConfig, type SuppressionStore } from '../../src/store';
import { SuppressionPolicy, type Suppression } from '../../src/suppress';
import type { GuardAlert } from '../../src/suppress/guard';
import { prefixed } from './log';
import { metrics } from './metrics';
import { watchStoreFiles } from './writable';

/**
 * What the bounceguard plugins share in one Haraka process: the configuration in force, the store
 * and the suppression policy, opened once and reopened when their part of the config changes.
 * Invalid config never stops Haraka, and on a reload never replaces the last good configuration.
 */
export interface Runtime {
  config: LiveConfig;
  /** The operator's rules before the built-in ones (the built-in ones alone while the file is invalid). */
  readonly rules: RuleSet;
  /** null while [store] has never been valid or the store could not be opened: throttling is then off too. */
  store: SuppressionStore | null;
  /** null while there is no store or the suppress settings have never been valid. */
  suppression: Suppression | null;
  /** Milliseconds a hook may wait on the store before it lets mail through. */
  budgetMs: number;
  /** Config file changes handled so far, the store reopened where needed. */
  readonly reloads: number;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

const DEFAULT_BUDGET_MS = 250;
const BUILTIN_ONLY = buildRuleSet([]);

let shared: Promise<Runtime> | undefined;
let live: LiveConfig | undefined;
/** Set while a runtime is open: reopens its store when a reload replaced its settings. */
let afterReload: ((file: ConfigFile, replaced: Part[]) => Promise<void>) | undefined;
/** Reloads run one after another; `reloads` counts those handled. */
let reloading = Promise.resolve();
let reloads = 0;
/** Called after every reload of a config file (metrics restart on theirs, signals reconfigure). */
const reloadListeners = new Set<(file: ConfigFile) => void>();
/** Called before a store closes, to write what waits for a batch. */
const closeListeners = new Set<(store: SuppressionStore) => Promise<void>>();

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
    const opening = open(plugin, server?.notes?.redis as RedisLike | undefined);
    shared = opening;
    opening.catch(() => {
      if (shared === opening) shared = undefined;
    });
  }
  return shared;
}

/**
 * The configuration in force in this process, read once through the first plugin that asks and
 * reloaded when a file changes: hooks that answer at once read their part here, without the store.
 */
export function liveConfig(plugin: Haraka.Plugin): LiveConfig {
  live ??= loadConfig(iniReaderOf(plugin), logOf(plugin));
  return live;
}

/** Calls `listener` after each reload of a config file, until the returned function is called. */
export function onConfigReload(listener: (file: ConfigFile) => void): () => void {
  reloadListeners.add(listener);
  return () => reloadListeners.delete(listener);
}

/** Calls `listener` before a store is closed (shutdown, a reopened store), and waits for it. */
export function beforeStoreCloses(listener: (store: SuppressionStore) => Promise<void>): void {
  closeListeners.add(listener);
}

/** Closes the store (Haraka shutdown, tests). */
export async function closeRuntime(): Promise<void> {
  const current = shared;
  shared = undefined;
  live = undefined;
  afterReload = undefined;
  reloads = 0;
  watchStoreFiles(null);
  const rt = await current?.catch(() => undefined);
  if (rt?.store) await closeStore(rt.store);
}

/** The one reload path: a changed file is read again, the store reopened if need be, then the listeners told. */
function loadConfig(readIni: IniReader, log: Log): LiveConfig {
  const config = new LiveConfig(readIni, harakaRoot(), log, (file) => {
    if (live !== config) return;
    let replaced: Part[] = [];
    try {
      replaced = config.load([file]);
    } catch (err) {
      log('error', `bounceguard: reloading config/${file} failed, the configuration in force stays: ${(err as Error).message}`);
    }
    reloading = reloading
      .then(() => afterReload?.(file, replaced))
      .catch((err: Error) => log('error', `bounceguard: reopening the store after a change of config/${file} failed: ${err.message}`))
      .then(() => {
        reloads++;
        for (const listener of reloadListeners) listener(file);
      });
  });
  config.load();
  return config;
}

async function open(plugin: Haraka.Plugin, redisClient?: RedisLike): Promise<Runtime> {
  const log = logOf(plugin);
  const config = liveConfig(plugin);
  // Store reopenings run one after another: overlapping ones would each open a store and close the same old one.
  let reopening = Promise.resolve();
  const reopen = async () => {
    const old = rt.store;
    Object.assign(rt, await openStoreAndPolicy(config, log, onWritable, redisClient, old));
    if (old && old !== rt.store) await closeStore(old).catch(() => undefined);
  };
  // A store whose files were not writable opens again once they are.
  const onWritable = () => {
    reopening = reopening.then(reopen).catch((err: Error) => log('error', `bounceguard: reopening the store failed: ${err.message}`));
  };
  const rt: Runtime = {
    config,
    get rules() { return config.current.rules ?? BUILTIN_ONLY; },
    get reloads() { return reloads; },
    ...(await openStoreAndPolicy(config, log, onWritable, redisClient)),
  };
  afterReload = async (file, replaced) => {
    if (file === MAIN_FILE && (replaced.includes('store') || replaced.includes('suppress'))) reopening = reopening.then(reopen);
    await reopening;
  };
  return rt;
}

async function closeStore(store: SuppressionStore): Promise<void> {
  await Promise.all([...closeListeners].map((listener) => listener(store).catch(() => undefined)));
  await store.close();
}

type Opened = Pick<Runtime, 'store' | 'suppression' | 'budgetMs'>;

/** The [store] settings each open store was opened with: a reload that leaves them alone keeps it. */
const openedWith = new WeakMap<SuppressionStore, string>();

/**
 * The store from the store settings in force, then the policy: a mistake in [suppress] must not
 * stop throttling. The current store is kept when its settings did not change (a memory store keeps
 * its entries, the lookup cache its answers).
 */
async function openStoreAndPolicy(
  config: LiveConfig, log: Log, onWritable: () => void, redisClient?: RedisLike, current?: SuppressionStore | null,
): Promise<Opened> {
  const storeConfig = config.current.store;
  watchStoreFiles(storeConfig ?? null, log, onWritable);
  if (!storeConfig) return { store: null, suppression: null, budgetMs: DEFAULT_BUDGET_MS };
  let store: SuppressionStore;
  try {
    store = await openOrKeep(storeConfig, log, redisClient, current);
  } catch (err) {
    log('error', `bounceguard: store disabled, and with it suppression and throttling: ${(err as Error).message}`);
    return { store: null, suppression: null, budgetMs: DEFAULT_BUDGET_MS };
  }
  // The store enforces its own budget per call; ours covers a check that makes several calls.
  const budgetMs = storeConfig.timeoutMs * 3;
  const suppress = config.current.suppress;
  if (!suppress) return { store, suppression: null, budgetMs };
  const policy = new SuppressionPolicy(store, suppress, Date.now, { onAlert: (alert) => raiseAlert(log, alert) });
  return { store, suppression: { store, config: suppress, policy }, budgetMs };
}

/** A paused source: the operator must look (an error line for log watchers, a counter for Prometheus alerts). */
function raiseAlert(log: Log, alert: GuardAlert): void {
  log('error', alert.message);
  metrics.suppressionPaused(alert.source);
}

async function openOrKeep(storeConfig: StoreConfig, log: Log, redisClient?: RedisLike, current?: SuppressionStore | null): Promise<SuppressionStore> {
  const settings = JSON.stringify(storeConfig);
  if (current && openedWith.get(current) === settings) return current;
  const shareRedis = storeConfig.backend === 'redis' && redisClient !== undefined;
  const store = await openStore(storeConfig, { resilient: true, log, redisClient: shareRedis ? redisClient : undefined });
  openedWith.set(store, settings);
  log('info', `bounceguard: store ready (${describeStore(storeConfig)}${shareRedis ? ", haraka-plugin-redis's client" : ''})`);
  return store;
}

/** Where the entries are, as an operator looks for them. */
function describeStore(c: StoreConfig): string {
  if (c.backend === 'sqlite') return `sqlite ${c.sqlitePath}`;
  if (c.backend === 'redis') return `redis ${c.redisUrl.replace(/\/\/[^@/]*@/, '//***@')} prefix ${c.redisPrefix}`;
  return 'memory';
}

function iniReaderOf(plugin: Haraka.Plugin): IniReader {
  return (name, opts, onChange) => plugin.config.get(name, 'ini', opts ?? {}, onChange) as Record<string, unknown>;
}

/** The store's own lines (outages, replays) get the same prefix as the plugins'. */
function logOf(plugin: Haraka.Plugin): Log {
  return (level, message) => {
    if (level === 'error') plugin.logerror(prefixed(message));
    else if (level === 'warn') plugin.logwarn(prefixed(message));
    else plugin.loginfo(prefixed(message));
  };
}
