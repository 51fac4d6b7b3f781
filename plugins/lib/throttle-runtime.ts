import type { RuleSet } from '../../src/classify';
import type { SuppressionStore } from '../../src/store';
import { SharedPaceStore, ThrottleController, type ThrottleConfig } from '../../src/throttle';
import { RecentMx } from '../../src/throttle/outbound';
import { runtime, type Runtime } from './runtime';

/** What the throttle hooks of this process work with. */
export interface ThrottleRuntime {
  ctl: ThrottleController;
  rules: RuleSet;
  recentMx: RecentMx;
  /** Longest a hook waits on the store before it lets the message go. */
  budgetMs: number;
}

/** Off: why, and whether that is the operator's choice (info) or a problem (error). */
type Config = { config: ThrottleConfig } | { off: string; error: boolean };

let built: { store: SuppressionStore; config: ThrottleConfig; ctl: ThrottleController } | undefined;
let offLogged: string | undefined;
const recentMx = new RecentMx();

/**
 * The controller over the shared runtime's store, or null when throttling is off (disabled, invalid
 * config, no store): then every hook just calls next(). Why it is off is logged once per reason.
 */
export async function throttleRuntime(plugin: Haraka.Plugin): Promise<ThrottleRuntime | null> {
  const rt = await runtime(plugin);
  const cfg = configOf(rt);
  if ('off' in cfg) return off(plugin, cfg.off, cfg.error);
  const { store } = rt;
  if (!store) return off(plugin, 'throttle disabled: no store (see the store error above)', true);
  // A reloaded config or a reopened store gets a fresh controller; paces live in the store.
  if (built?.store !== store || built.config !== cfg.config) {
    const ctl = new ThrottleController({ config: cfg.config, store: new SharedPaceStore(store), now: Date.now });
    built = { store, config: cfg.config, ctl };
    plugin.loginfo('bounceguard: throttle ready');
  }
  offLogged = undefined;
  return { ctl: built.ctl, rules: rt.rules, recentMx, budgetMs: rt.budgetMs };
}

/** Forgets the controller (Haraka shutdown, tests); paces stay in the store. */
export function resetThrottleRuntime(): void {
  built = undefined;
  offLogged = undefined;
}

/** The throttle settings in force (the runtime reads and reloads them; invalid ones are logged there). */
function configOf(rt: Runtime): Config {
  const throttle = rt.config.current.throttle;
  if (!throttle) return { off: 'throttle disabled: its settings in config/bounceguard.ini are invalid (see above)', error: true };
  return enabledAnywhere(throttle) ? { config: throttle } : { off: 'throttle disabled ([throttle] enabled=false)', error: false };
}

/** A provider or domain section may turn it on where the defaults turn it off. */
function enabledAnywhere(c: ThrottleConfig): boolean {
  return c.defaults.enabled || [...c.providers.values(), ...c.domains.values()].some((s) => s.enabled === true);
}

function off(plugin: Haraka.Plugin, why: string, error: boolean): null {
  if (offLogged !== why) (error ? plugin.logerror : plugin.loginfo).call(plugin, `bounceguard: ${why}`);
  offLogged = why;
  return null;
}
