import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../src/config/units';
import { formatRate, parseRate } from '../../src/throttle/units';

describe('parseRate', () => {
  it.each([
    ['5/s', 5],
    ['120/m', 2],
    ['3600/h', 1],
    ['0.5/s', 0.5],
    [' 30 / M ', 0.5],
  ])('%s is %d msg/s', (text, perSecond) => {
    expect(parseRate(text)).toBeCloseTo(perSecond, 10);
  });

  it.each(['5', 5, '', 'fast', '5/d', '5/sec', '-1/s', '1e3/s', '5/s/s'])('refuses %j, naming the value and the forms', (v) => {
    expect(() => parseRate(v)).toThrow(/is not a rate: write N\/s, N\/m or N\/h/);
  });

  it('refuses a zero rate, which would mean an endless delay', () => {
    expect(() => parseRate('0/s')).toThrow(/above zero/);
  });
});

describe('parseDuration', () => {
  it.each([
    [30, 30_000],
    ['30', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['2d', 172_800_000],
    ['0', 0],
    ['50ms', 50],
    ['50 MS', 50],
  ])('%j is %d ms', (v, ms) => {
    expect(parseDuration(v)).toBe(ms);
  });

  it('reads a bare number in the unit the key names', () => {
    expect(parseDuration(50, 'ms')).toBe(50);
    expect(parseDuration('7', 'd')).toBe(7 * 86_400_000);
    expect(parseDuration('12h', 'd')).toBe(12 * 3_600_000);
  });

  it.each(['soon', '5w', '-5s', '5 minutes'])('refuses %j', (v) => {
    expect(() => parseDuration(v)).toThrow(/is not a duration/);
  });
});

describe('parseSize', () => {
  it.each([
    [512, 512],
    ['64KB', 65_536],
    ['10MB', 10 * 1024 * 1024],
    ['10 mb', 10 * 1024 * 1024],
    ['1G', 1024 ** 3],
  ])('%j is %d bytes', (v, bytes) => {
    expect(parseSize(v)).toBe(bytes);
  });

  it.each(['big', '10 TB', '-1MB'])('refuses %j', (v) => {
    expect(() => parseSize(v)).toThrow(/is not a size/);
  });
});

describe('formatRate', () => {
  it('uses the largest unit that keeps the figure at 1 or more', () => {
    expect(formatRate(null)).toBe('unthrottled');
    expect(formatRate(12.345)).toBe('12.35/s');
    expect(formatRate(0.5)).toBe('30/m');
    expect(formatRate(1 / 7200)).toBe('0.5/h');
  });

  it('round-trips through parseRate', () => {
    for (const r of [5, 0.5, 1 / 60, 1 / 3600]) expect(parseRate(formatRate(r))).toBeCloseTo(r, 6);
  });
});
