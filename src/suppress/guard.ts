import { promises as dns } from 'node:dns';
import { LRUCache } from 'lru-cache';
import { withDeadline } from '../util/budget';

/**
 * Guards against mass suppression: one forged report, one forged "host unknown" or one misbehaving
 * source must not empty a mailing list. Three checks, each cheap and local to this process:
 * a report naming too many recipients records nothing; a whole domain is suppressed only when DNS
 * agrees it takes no mail; a source suppressing faster than the ceiling is paused and the operator
 * alerted.
 */
export interface GuardConfig {
  /** A report naming more recipients than this records nothing. */
  maxReportRecipients: number;
  /** Automatic suppressions a minute, per source (smtp, dsn, arf), before the source is paused. */
  maxSuppressionsPerMinute: number;
  pauseMs: number;
  /** Time budget of the DNS check of a whole-domain suppression. */
  domainCheckTimeoutMs: number;
}

/** The part of node's DNS resolver the domain check uses; tests inject their own. */
export interface MxResolver {
  resolveMx(domain: string): Promise<Array<{ exchange: string; priority: number }>>;
}

export interface GuardAlert {
  source: string;
  /** Suppressions the source made within the minute when it was paused. */
  count: number;
  until: number;
  message: string;
}

export interface GuardOptions {
  resolver?: MxResolver;
  /** Called once each time a source is paused: the operator's alert (log line, metric). */
  onAlert?: (alert: GuardAlert) => void;
}

export interface DomainCheck {
  /** True only when DNS says the domain takes no mail: NXDOMAIN, or a null MX (RFC 7505). */
  gone: boolean;
  why: string;
}

const MINUTE_MS = 60_000;
/** Domains whose answer is remembered; a bounce storm names a long tail of them. */
const DOMAIN_CACHE_SIZE = 10_000;
const ANSWER_TTL_MS = 10 * MINUTE_MS;
/** A failed lookup is retried sooner than an answer is: the resolver may be back. */
const FAILURE_TTL_MS = MINUTE_MS;

interface Rate {
  minuteStart: number;
  count: number;
  pausedUntil: number;
}

export class SuppressionGuard {
  private readonly resolver: MxResolver;
  private readonly domains = new LRUCache<string, Promise<DomainCheck>>({ max: DOMAIN_CACHE_SIZE, ttl: ANSWER_TTL_MS });
  /** Keyed by source kind (smtp, dsn, arf): a handful of keys, never outside input. */
  private readonly rates = new Map<string, Rate>();

  constructor(
    private readonly config: GuardConfig,
    private readonly opts: GuardOptions = {},
  ) {
    // One try within the budget: a resolver that retries would outlive it.
    this.resolver = opts.resolver ?? new dns.Resolver({ timeout: config.domainCheckTimeoutMs, tries: 1 });
  }

  /** Why a report naming `recipients` recipients must record nothing, or null when it may. */
  reportRefusal(recipients: number): string | null {
    const max = this.config.maxReportRecipients;
    return recipients > max ? `report names ${recipients} recipients, over max_report_recipients (${max}): nothing recorded` : null;
  }

  /** Whether DNS confirms that `domain` takes no mail; answers (and failures, briefly) are cached. */
  domainGone(domain: string): Promise<DomainCheck> {
    const key = domain.toLowerCase();
    const known = this.domains.get(key);
    if (known) return known;
    const lookup = this.lookUp(key);
    this.domains.set(key, lookup);
    void lookup.then((c) => {
      if (c.why.startsWith('DNS lookup failed') && this.domains.get(key) === lookup) this.domains.set(key, lookup, { ttl: FAILURE_TTL_MS });
    });
    return lookup;
  }

  /**
   * Counts one automatic suppression by `source`; returns why it must not happen when the source
   * is paused. Passing the ceiling pauses the source for the configured time and alerts once.
   */
  admit(source: string, at: number): string | null {
    const rate = this.rates.get(source) ?? { minuteStart: at, count: 0, pausedUntil: 0 };
    this.rates.set(source, rate);
    if (at < rate.pausedUntil) return pausedWhy(source, rate.pausedUntil);
    if (at - rate.minuteStart >= MINUTE_MS || at < rate.minuteStart) {
      rate.minuteStart = at;
      rate.count = 0;
    }
    rate.count += 1;
    if (rate.count <= this.config.maxSuppressionsPerMinute) return null;
    rate.pausedUntil = at + this.config.pauseMs;
    const why = pausedWhy(source, rate.pausedUntil);
    this.opts.onAlert?.({
      source,
      count: rate.count,
      until: rate.pausedUntil,
      message: `bounceguard: ALERT: ${rate.count} automatic suppressions from source ${source} within a minute, over ` +
        `max_suppressions_per_minute (${this.config.maxSuppressionsPerMinute}); ${why}. Check recent bounces before it resumes.`,
    });
    return why;
  }

  private async lookUp(domain: string): Promise<DomainCheck> {
    const budget = this.config.domainCheckTimeoutMs;
    try {
      const mx = await withDeadline(this.resolver.resolveMx(domain), budget, () => new Error(`no answer within ${budget} ms`));
      if (mx.length === 1 && (mx[0].exchange === '' || mx[0].exchange === '.')) return { gone: true, why: 'null MX' };
      if (mx.length > 0) return { gone: false, why: `${domain} has MX records` };
      return { gone: false, why: `${domain} exists` };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND') return { gone: true, why: 'NXDOMAIN' };
      // ENODATA: the domain exists without MX (mail goes to its address records); anything else is no answer.
      if (code === 'ENODATA') return { gone: false, why: `${domain} exists` };
      return { gone: false, why: `DNS lookup failed: ${code ?? (err as Error).message}` };
    }
  }
}

function pausedWhy(source: string, until: number): string {
  return `automatic suppression from ${source} paused until ${new Date(until).toISOString()}`;
}
