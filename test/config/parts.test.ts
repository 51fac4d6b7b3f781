import { describe, expect, it } from 'vitest';
import { ALERTS_FILE, CONFIG_FILES, INBOUND_FILE, MAIN_FILE, PARTS, readConfig, RETURNPATH_FILE, RULES_FILE, WEBHOOKS_FILE, type ConfigFile } from '../../src/config';

/** One reading of `file` holding `ini`, through the registry. */
function read(file: ConfigFile, ini: Record<string, unknown>) {
  return readConfig((name) => (name === file ? ini : {}), '/haraka', [file]);
}

describe('the config registry', () => {
  it('reads every file some part names, each once', () => {
    const asked: string[] = [];
    readConfig((name) => { asked.push(name); return {}; }, '/haraka');
    expect(asked).toEqual([...CONFIG_FILES]);
    expect(new Set(Object.values(PARTS).map((p) => p.file))).toEqual(new Set(CONFIG_FILES));
  });

  it.each([
    [MAIN_FILE, 'store, suppress, allowlist, throttle, throttle.*'],
    [ALERTS_FILE, 'main, hard_bounce, complaint, blocklisting, throttling, auth_failure, unknown_users'],
    [WEBHOOKS_FILE, 'main, endpoint.*'],
    [INBOUND_FILE, 'main'],
  ] as const)('%s: a section no part reads is a problem naming the known ones', (file, known) => {
    const r = read(file, { typo: { a: 1 } });
    expect(r.problems).toEqual([{ file, section: 'typo', key: null, problem: `unknown section (known: ${known})` }]);
  });

  it('knows the families of sections: throttle overrides, webhook endpoints, and any domain of the returnpath file', () => {
    expect(read(MAIN_FILE, { 'throttle.domain.example.com': { floor: '2/s' } }).problems).toEqual([]);
    const webhooks = read(WEBHOOKS_FILE, { 'endpoint.ops': { url: 'https://h.example/x', secret: 'a secret of some length' } });
    expect(webhooks.problems).toEqual([]);
    expect(webhooks.parts.webhooks?.endpoints.map((e) => e.name)).toEqual(['ops']);
    const returnpath = read(RETURNPATH_FILE, { 'example.com': { mode: 'verp' } });
    expect(returnpath.problems).toEqual([]);
    expect(returnpath.parts.returnpath?.domains.get('example.com')).toMatchObject({ mode: 'verp' });
    expect(read(RULES_FILE, { 'my-rule': {} }).problems.some((p) => p.problem.startsWith('unknown section'))).toBe(false);
  });

  it('refuses an invalid part with every problem, and keeps the valid parts of the same file', () => {
    const r = read(ALERTS_FILE, { main: { enabled: 'maybe' }, hard_bounce: { raise: 0.01, clear: 0.02 } });
    expect(r.invalid).toEqual(['alerts']);
    expect(r.problemsOf.alerts?.map((p) => `${p.section} ${p.key}`)).toEqual(['main enabled', 'hard_bounce clear']);
    const main = read(MAIN_FILE, { store: { backend: 'memory' }, throttle: { floor: 'fast' } });
    expect(main.invalid).toEqual(['throttle']);
    expect(main.parts.store?.backend).toBe('memory');
  });

  it('takes an ini boolean as Haraka hands it over: true, 1, yes or text', () => {
    for (const value of [true, 1, 'yes', 'on', 'true']) expect(read(INBOUND_FILE, { main: { reject_unsigned: value } }).parts.inbound?.rejectUnsigned).toBe(true);
    for (const value of [false, 0, 'no', 'off']) expect(read(WEBHOOKS_FILE, { main: { enabled: value } }).parts.webhooks?.enabled).toBe(false);
  });
});
