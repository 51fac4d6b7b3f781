import path from 'node:path';
import { loadRuleSet, type RuleSet } from '../../src/classify';
import type { IniReader } from '../../src/config/reader';
import { parseStoreConfig, type RedisLike } from '../../src/store';
import { INI_BOOLEANS, openSuppression, type Suppression } from '../../src/suppress';

/**
 * What the bounceguard plugins share in one Haraka process: the rule set and the suppression store,
 * opened once, reloaded when their config files change. Invalid config disables the part it
 * configures, with one clear log line; it never stops Haraka.
 */
export interface Runtime {
  rules: RuleSet;
  /** null while the suppression config is invalid or the store could not be opened. */
  suppression: Suppression | null;
  /** Milliseconds a hook may wait on the store before it lets mail through. */
  budgetMs: number;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

let shared: Promise<Runtime> | undefined;

/** What Haraka's init_master/init_child hooks receive; haraka-plugin-redis leaves its client in notes. */
export interface HarakaServer {
  notes?: { redis?: unknown };
}

/**
 * The runtime of this process; the first plugin to ask opens it with its own config reader and logger.
 * Called from init_master/init_child with the server, it shares haraka-plugin-redis's client when
 * that plugin is loaded (listed before bounceguard in config/plugins).
 */
export function runtime(plugin: Haraka.Plugin, server?: HarakaServer): Promise<Runtime> {
  shared ??= open(iniReaderOf(plugin), logOf(plugin), server?.notes?.redis as RedisLike | undefined);
  return shared;
}

/** Closes the store (Haraka shutdown, tests). */
export async function closeRuntime(): Promise<void> {
  const current = shared;
  shared = undefined;
  const rt = await current;
  await rt?.suppression?.store.close();
}

async function open(readIni: IniReader, log: Log, redisClient?: RedisLike): Promise<Runtime> {
  const rt: Runtime = { rules: loadRulesOrBuiltin(readIni, log), suppression: null, budgetMs: 250 };
  const reloadRules = () => { rt.rules = loadRulesOrBuiltin(readIni, log); };
  readIni('bounceguard-rules.ini', {}, reloadRules);
  const reopen = async () => {
    const next = await openSuppressionOrNull(readIni, log, reopen, redisClient);
    const old = rt.suppression;
    rt.suppression = next.suppression;
    rt.budgetMs = next.budgetMs;
    if (old && old !== next.suppression) await old.store.close().catch(() => undefined);
  };
  const first = await openSuppressionOrNull(readIni, log, () => void reopen(), redisClient);
  rt.suppression = first.suppression;
  rt.budgetMs = first.budgetMs;
  return rt;
}

function loadRulesOrBuiltin(readIni: IniReader, log: Log): RuleSet {
  try {
    return loadRuleSet(readIni);
  } catch (err) {
    log('error', `${(err as Error).message}\nbounceguard: operator rules disabled; the built-in rules apply`);
    return loadRuleSet(() => ({}));
  }
}

async function openSuppressionOrNull(readIni: IniReader, log: Log, onChange: () => void, redisClient?: RedisLike) {
  const ini = readIni('bounceguard.ini', { booleans: INI_BOOLEANS }, onChange);
  try {
    const storeConfig = parseStoreConfig(ini, harakaDir());
    const shareRedis = storeConfig.backend === 'redis' && redisClient !== undefined;
    const suppression = await openSuppression(ini, harakaDir(), { resilient: true, log, redisClient: shareRedis ? redisClient : undefined });
    log('info', `bounceguard: suppression store ready (${storeConfig.backend}${shareRedis ? ", haraka-plugin-redis's client" : ''})`);
    // The store enforces its own budget per call; ours covers a check that makes several calls.
    return { suppression, budgetMs: storeConfig.timeoutMs * 3 };
  } catch (err) {
    log('error', `bounceguard: suppression disabled: ${(err as Error).message}`);
    return { suppression: null, budgetMs: 250 };
  }
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
