import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIniReader } from '../../src/config/reader';
import { parseThrottleConfig, resolveSettings } from '../../src/throttle/config';
import { ROOT } from '../helpers/cli';

describe('throttle config', () => {
  it('has working defaults for an empty file', () => {
    const { defaults, providers, domains } = parseThrottleConfig({});
    expect(defaults).toMatchObject({
      enabled: true, startRate: null, floor: 1 / 60, ceiling: null, decreaseFactor: 0.7, increaseStep: { perSecond: 0.25 },
      increaseEveryMs: 10_000, triggerCount: 1, triggerWindowMs: 60_000, cooldownMs: 5_000,
      releaseAfterMs: 3_600_000, maxDelayMs: 30_000, maxHoldMs: 2_000, maxHeld: 20, maxAgeMs: 2 * 86_400_000,
      slowStartRate: 2, slowStartUntil: 50, slowStartAfterMs: 3_600_000,
    });
    expect(providers.size).toBe(0);
    expect(domains.size).toBe(0);
  });

  it('parses rates and durations once, as Haraka\'s ini reader hands them over', () => {
    const { defaults } = parseThrottleConfig({
      throttle: { enabled: 'false', start_rate: '10/s', floor: '6/m', ceiling: '2000/h', decrease_factor: 0.5,
        increase_step: '30/m', increase_every: '1m', trigger_count: 3, trigger_window: 120, cooldown: '30s',
        release_after: 0, max_delay: '1m', max_hold: 0, max_held: 5, max_age: '1d',
        slow_start: '1/s', slow_start_until: '20/s', slow_start_after: '10m' },
    });
    expect(defaults).toEqual({
      enabled: false, startRate: 10, floor: 0.1, ceiling: 2000 / 3600, decreaseFactor: 0.5, increaseStep: { perSecond: 0.5 },
      increaseEveryMs: 60_000, triggerCount: 3, triggerWindowMs: 120_000, cooldownMs: 30_000, releaseAfterMs: null,
      maxDelayMs: 60_000, maxHoldMs: 0, maxHeld: 5, maxAgeMs: 86_400_000,
      slowStartRate: 1, slowStartUntil: 20, slowStartAfterMs: 600_000,
    });
  });

  it('turns slow start off with none, refuses a start above its end, and keeps a merged start within the ceiling', () => {
    expect(parseThrottleConfig({ throttle: { slow_start: 'none' } }).defaults.slowStartRate).toBeNull();
    expect(() => parseThrottleConfig({ throttle: { slow_start: '60/s' } })).toThrow(/\[throttle\] slow_start.*must not be above slow_start_until/);
    const config = parseThrottleConfig({ 'throttle.domain.example.org': { ceiling: '1/s' } });
    expect(resolveSettings(config, null, 'example.org').slowStartRate).toBe(1);
  });

  it('ships the defaults in config/bounceguard.ini, with provider sections that parse once uncommented', () => {
    const shipped = openIniReader(ROOT)('bounceguard.ini');
    expect(parseThrottleConfig(shipped)).toEqual(parseThrottleConfig({}));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-throttle-ini-'));
    try {
      fs.mkdirSync(path.join(dir, 'config'));
      const text = fs.readFileSync(path.join(ROOT, 'config', 'bounceguard.ini'), 'utf8');
      const uncommented = text.replace(/^;(\[throttle\.provider\.\w+\]|[a-z_]+=\S+)$/gm, (line, body: string) => (body.startsWith('[') || line.includes('1000/h') ? body : line));
      fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), uncommented);
      const config = parseThrottleConfig(openIniReader(dir)('bounceguard.ini'));
      expect([...config.providers.keys()].sort()).toEqual(['comcast', 'google', 'microsoft', 'yahoo']);
      expect(resolveSettings(config, 'comcast', null).ceiling).toBeCloseTo(1000 / 3600, 10);
      expect(resolveSettings(config, 'google', null)).toEqual(config.defaults);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes increase_step as a rate (additive) or a percentage of the pace', () => {
    expect(parseThrottleConfig({ throttle: { increase_step: '10%' } }).defaults.increaseStep).toEqual({ percent: 10 });
    expect(parseThrottleConfig({ throttle: { increase_step: '2.5 %' } }).defaults.increaseStep).toEqual({ percent: 2.5 });
    expect(() => parseThrottleConfig({ throttle: { increase_step: '0%' } })).toThrow(/increase_step=0%: "0%" is not a step/);
  });

  it('lets the most specific section win, key by key: domain over provider over defaults', () => {
    const config = parseThrottleConfig({
      throttle: { floor: '2/m', cooldown: '5s', increase_every: '20s' },
      'throttle.provider.google': { floor: '10/m', cooldown: '30s' },
      'throttle.domain.Example.COM.': { floor: '1/s' },
    });
    expect(config.domains.has('example.com')).toBe(true);
    const google = resolveSettings(config, 'google', null);
    expect([google.floor, google.cooldownMs, google.increaseEveryMs]).toEqual([10 / 60, 30_000, 20_000]);
    const domainAtGoogle = resolveSettings(config, 'google', 'example.com');
    expect([domainAtGoogle.floor, domainAtGoogle.cooldownMs, domainAtGoogle.increaseEveryMs]).toEqual([1, 30_000, 20_000]);
    const domainElsewhere = resolveSettings(config, null, 'example.com');
    expect([domainElsewhere.floor, domainElsewhere.cooldownMs]).toEqual([1, 5_000]);
  });

  it.each([
    [{ throttle: { floor: '5' } }, /\[throttle\] floor=5: "5" is not a rate/],
    [{ throttle: { decrease_factor: 1.5 } }, /\[throttle\] decrease_factor=1.5: must be below 1/],
    [{ throttle: { trigger_count: 0 } }, /\[throttle\] trigger_count=0: must be at least 1/],
    [{ throttle: { max_hold: '10s' } }, /\[throttle\] max_hold=10s: must be at most 5s/],
    [{ throttle: { max_delay: '0' } }, /\[throttle\] max_delay=0: must be at least 1s/],
    [{ throttle: { colldown: '5s' } }, /\[throttle\] colldown=5s: unknown key \(did you mean cooldown\?\)/],
    [{ throttle: { floor: '1/s', ceiling: '30/m' } }, /\[throttle\] ceiling: must not be below floor/],
    [{ 'throttle.provider.google': { start_rate: '1/h' } }, /\[throttle.provider.google\] start_rate: must not be below floor/],
    [{ 'throttle.domain.example.com': { increase_step: 'lots' } }, /\[throttle.domain.example.com\] increase_step=lots: "lots" is not a rate/],
    [{ 'throttle.provider.gogle': {} }, /\[throttle.provider.gogle\]: unknown provider "gogle" \(known: google, microsoft/],
    [{ 'throttle.google': {} }, /\[throttle.google\]: unknown section/],
  ])('refuses %j, naming file, section and key', (ini, message) => {
    expect(() => parseThrottleConfig(ini)).toThrow(/^config\/bounceguard.ini \[/);
    expect(() => parseThrottleConfig(ini)).toThrow(message);
  });

  it('never lets a merged ceiling fall below the merged floor', () => {
    const config = parseThrottleConfig({
      'throttle.provider.google': { ceiling: '2/s' },
      'throttle.domain.example.com': { floor: '3/s' },
    });
    const s = resolveSettings(config, 'google', 'example.com');
    expect(s.ceiling).toBe(3);
  });

  it('ignores sections that are not about throttling', () => {
    expect(() => parseThrottleConfig({ store: { backend: 'redis' }, main: {} })).not.toThrow();
  });
});
