import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RuleSet } from '../classify/classifier';
import type { Config, ConfigFile, Part } from '../config';
import { MAIN_FILE, RULES_FILE } from '../config/files';
import { harakaRoot } from '../config/reader';
import type { SuppressionStore } from '../store/types';
import type { Suppression } from '../suppress/open';
import { cachedConfig } from './config-cache';

/*
 * Every command loads what it uses when it runs (await import): a command on SQLite never loads
 * the Redis client, `check` never loads the classifier, `--help` loads neither.
 */

/** A refusal the operator must act on: printed as is, exit status 2. */
export class CliError extends Error {
  readonly exitCode = 2;
}

/**
 * The Haraka directory a command works on: `--config`, else `$HARAKA`, else the working directory
 * when it is one. It must have bounceguard's config: a command pointed anywhere else would read
 * defaults and answer from (or create) a store of its own.
 */
export function harakaDirOf(cmd: Command, needs: ConfigFile | null = MAIN_FILE): string {
  const flag = cmd.optsWithGlobals<{ config?: string }>().config;
  const given = flag ?? process.env.HARAKA;
  const dir = harakaRoot(given ?? process.cwd());
  const hasConfig = fs.existsSync(path.join(dir, 'config'));
  if (hasConfig && (needs === null || fs.existsSync(path.join(dir, 'config', needs)))) return dir;
  const named = given === undefined ? `the working directory ${dir}` : `${dir} (${flag ? '--config' : '$HARAKA'})`;
  const what = hasConfig ? `has no config/${needs}` : 'is not a Haraka directory (no config/ folder)';
  throw new CliError(
    `${named} ${what}: give --config DIR (or set $HARAKA) naming the Haraka directory bounceguard is installed in ` +
    '(`bounceguard install DIR` puts its config there)',
  );
}

/** The rules of the Haraka directory a command names (--config, $HARAKA), else the built-in rules. */
export function rulesOf(cmd: Command): Promise<RuleSet> {
  return rulesIn(rulesDirOf(cmd));
}

/** The Haraka directory whose operator rules apply (--config, $HARAKA), or null for the built-in rules. */
export function rulesDirOf(cmd: Command): string | null {
  if (cmd.optsWithGlobals<{ config?: string }>().config === undefined && process.env.HARAKA === undefined) return null;
  return harakaDirOf(cmd, null);
}

/** The rules of a Haraka directory (its operator rules first), or with null the built-in rules alone. */
export async function rulesIn(dir: string | null): Promise<RuleSet> {
  if (dir === null) {
    const { buildRuleSet } = await import('../classify/classifier');
    return buildRuleSet([]);
  }
  return (await configOf(dir, [RULES_FILE], ['rules'])).rules;
}

/** The given parts of the Haraka directory's config; a problem in one of them refuses the command. */
export function configOf<K extends Part>(dir: string, files: readonly ConfigFile[], parts: readonly K[]): Promise<Pick<Config, K>> {
  return cachedConfig(dir, files, parts, async () => {
    const { describeProblem, openIniReader, readConfig } = await import('../config');
    const reading = readConfig(openIniReader(dir), dir, files);
    const problems = parts.flatMap((p) => reading.problemsOf[p] ?? []);
    if (problems.length) throw new CliError(`invalid config in ${dir}:\n  ${problems.map(describeProblem).join('\n  ')}`);
    return Object.fromEntries(parts.map((p) => [p, reading.parts[p]])) as Pick<Config, K>;
  });
}

export interface StoreUse {
  /** Commands that only read never create a store: a missing SQLite file is an error, not an empty list. */
  writes: boolean;
}

/** Opens the store of the Haraka directory, runs `fn`, and always closes the store. */
export async function withStore<T>(cmd: Command, use: StoreUse, fn: (store: SuppressionStore, dir: string) => Promise<T>): Promise<T> {
  const dir = harakaDirOf(cmd);
  const { store: config } = await configOf(dir, [MAIN_FILE], ['store']);
  return storeFor(dir, config, use, (store) => fn(store, dir));
}

async function storeFor<T>(dir: string, config: Config['store'], use: StoreUse, fn: (store: SuppressionStore) => Promise<T>): Promise<T> {
  if (config.backend === 'sqlite' && !use.writes && !fs.existsSync(config.sqlitePath)) {
    throw new CliError(`no suppression store at ${config.sqlitePath} (the [store] of ${dir}): Haraka has not opened it yet, or this is not the directory it runs in`);
  }
  const { openStore } = await import('../store/open');
  // The CLI wants the store's own errors, not the delivery path's spool and "unknown" answers.
  const store = await openStore(config, { waitReadyMs: 5000 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The store and the suppression policy over it, as configured in the Haraka directory. */
export async function withSuppression<T>(cmd: Command, use: StoreUse, fn: (ctx: Suppression) => Promise<T>): Promise<T> {
  const dir = harakaDirOf(cmd);
  const config = await configOf(dir, [MAIN_FILE], ['store', 'suppress']);
  const { SuppressionPolicy } = await import('../suppress/policy');
  return storeFor(dir, config.store, use, (store) => fn({ store, config: config.suppress, policy: new SuppressionPolicy(store, config.suppress) }));
}
