import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SuppressionStore } from '../../src/store';
import { address, callHook, configDir, CONT, eventually, fixtures, hmail, runtimeModule } from './helpers';

let cleanup: () => void;
let plugin: ReturnType<typeof fixtures.makePlugin>;
let store: SuppressionStore;

beforeEach(async () => {
  const cfg = configDir('[store]\nbackend=memory\n\n[suppress]\nescalate_after=2\n');
  cleanup = cfg.cleanup;
  plugin = fixtures.makePlugin('bounceguard-record', { configDir: cfg.dir });
  const rt = await runtimeModule.runtime(plugin);
  store = rt.suppression!.store;
});

afterEach(async () => {
  await runtimeModule.closeRuntime();
  cleanup();
});

const keys = async () => {
  const out: string[] = [];
  for await (const e of store.scan()) out.push(e.key);
  return out.sort();
};

describe('bounceguard-record', () => {
  it('registers its outbound hooks early, so no other plugin can hide an outcome', () => {
    expect((plugin as unknown as { hooks: Record<string, string[]> }).hooks).toMatchObject({
      delivered: ['bounceguard_delivered'], deferred: ['bounceguard_deferred'], bounce: ['bounceguard_bounce'],
    });
  });

  it('bounce: suppresses a recipient the remote does not know, and answers CONT at once', async () => {
    const unknown = address('unknown@a.example', { dsn_smtp_code: '550', dsn_smtp_extc: '5.1.1', dsn_smtp_response: 'User unknown', dsn_action: 'failed' });
    const err = Object.assign(new Error('Some recipients failed'), { bounced_rcpt: [unknown], deferred_rcpt: [] });
    const r = await callHook(plugin, 'bounceguard_bounce', hmail([unknown]), err);
    expect(r.code).toBe(CONT);
    expect(r.ms).toBeLessThan(50);
    await eventually(async () => ((await keys()).length ? true : undefined));
    expect(await store.get('unknown@a.example')).toMatchObject({ reason: 'userunknown', source: 'smtp', code: 550, enhanced: '5.1.1' });
  });

  it('bounce at DATA (nobody listed): every recipient gets the reply; a spam rejection suppresses nobody', async () => {
    const fields = { dsn_smtp_code: '554', dsn_smtp_extc: '5.7.1', dsn_smtp_response: 'Message rejected as spam', dsn_action: 'failed' };
    const rcpts = [address('a@d.example', fields), address('b@d.example', fields)];
    const r = await callHook(plugin, 'bounceguard_bounce', hmail(rcpts), Object.assign(new Error('554 5.7.1 Message rejected as spam'), { bounced_rcpt: [] }));
    expect(r.code).toBe(CONT);
    await new Promise((res) => setTimeout(res, 100));
    expect(await keys()).toEqual([]);
  });

  it('deferred: a 421 with a two-digit enhanced code Haraka could not parse is read as throttling, not suppression', async () => {
    const lines: string[] = [];
    plugin.lognotice = (line: unknown) => { lines.push(String(line)); };
    const rate = address('rate@g.example', { dsn_smtp_code: '421', dsn_smtp_response: '4.7.28 Gmail has detected an unusual rate - gsmtp', dsn_action: 'delayed' });
    const r = await callHook(plugin, 'bounceguard_deferred', hmail([rate]), { delay: 64, err: new Error('Some recipients temp failed'), fail_recips: [rate] });
    expect(r.code).toBe(CONT);
    await eventually(async () => (lines.length ? true : undefined));
    expect(lines[0]).toMatch(/deferred rcpt=<rate@g\.example> code=421 4\.7\.28 reason=speeding bounce=soft flags=throttle rule=google\.unusual-rate/);
    expect(await keys()).toEqual([]);
  });

  it('deferred after a 421 mid-RCPT: Haraka\'s "Tried all MXs" with 550 5.1.2 never suppresses the accepted recipients', async () => {
    const tried = { dsn_code: 550, dsn_msg: 'Tried all MXs c.example', dsn_status: '5.1.2', dsn_action: 'failed' };
    const rcpts = [
      address('alive@c.example', tried),
      address('rate@c.example', { ...tried, dsn_smtp_code: '421', dsn_smtp_response: '4.7.28 unusual rate - gsmtp' }),
    ];
    await callHook(plugin, 'bounceguard_deferred', hmail(rcpts), { delay: 5, err: new Error('Tried all MXs'), fail_recips: [] });
    await new Promise((res) => setTimeout(res, 100));
    expect(await keys()).toEqual([]);
  });

  it('mixed results in one message: delivered, deferred and bounced recipients each get their own decision', async () => {
    const ok = address('ok@m.example');
    const full = address('full@m.example', { dsn_smtp_code: '452', dsn_smtp_extc: '4.2.2', dsn_smtp_response: 'Mailbox full', dsn_action: 'delayed' });
    const gone = address('gone@m.example', { dsn_smtp_code: '550', dsn_smtp_extc: '5.1.1', dsn_smtp_response: 'No such user', dsn_action: 'failed' });
    const mail = hmail([ok, full, gone], { uuid: 'MSG-1.1' });
    await callHook(plugin, 'bounceguard_delivered', mail, ['127.0.0.1', '127.0.0.1', 'OK queued', 0.1, 25, 'SMTP', [ok], false, false]);
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'MSG-1.1.1' }), { delay: 64, err: new Error('temp'), fail_recips: [full] });
    await callHook(plugin, 'bounceguard_bounce', hmail([gone], { uuid: 'MSG-1.1.2' }), Object.assign(new Error('failed'), { bounced_rcpt: [gone] }));
    await eventually(async () => ((await keys()).length ? true : undefined));
    expect(await keys()).toEqual(['gone@m.example']);
    // One soft bounce so far for full@ (escalate_after=2): a second message escalates it.
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'MSG-2.1' }), { delay: 64, err: new Error('temp'), fail_recips: [full] });
    await eventually(async () => ((await keys()).includes('full@m.example') ? true : undefined));
    expect(await store.get('full@m.example')).toMatchObject({ source: 'escalation', reason: 'mailboxfull' });
  });

  it('retries of the same message count once towards escalation', async () => {
    const full = address('full@r.example', { dsn_smtp_code: '452', dsn_smtp_extc: '4.2.2', dsn_smtp_response: 'Mailbox full' });
    for (let i = 0; i < 3; i += 1) {
      await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'SAME.1' }), { delay: 64, err: new Error('temp'), fail_recips: [full] });
    }
    await new Promise((res) => setTimeout(res, 100));
    expect(await keys()).toEqual([]);
  });

  it('a reply with no code is classified and logged, never suppressed', async () => {
    const lost = address('x@n.example', { reason: 'connection lost' });
    const r = await callHook(plugin, 'bounceguard_bounce', hmail([lost]), Object.assign(new Error('connection lost'), { bounced_rcpt: [lost] }));
    expect(r.code).toBe(CONT);
    await new Promise((res) => setTimeout(res, 100));
    expect(await keys()).toEqual([]);
  });

  it('Haraka\'s own DSNs (null sender) are never recorded', async () => {
    const gone = address('sender@haraka.test', { dsn_smtp_code: '550', dsn_smtp_extc: '5.1.1', dsn_smtp_response: 'No such user' });
    await callHook(plugin, 'bounceguard_bounce', hmail([gone], { from: '' }), Object.assign(new Error('failed'), { bounced_rcpt: [gone] }));
    await new Promise((res) => setTimeout(res, 100));
    expect(await keys()).toEqual([]);
  });

  it('a delivery resets the soft-bounce count', async () => {
    const full = address('full@s.example', { dsn_smtp_code: '452', dsn_smtp_extc: '4.2.2', dsn_smtp_response: 'Mailbox full' });
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'A.1' }), { delay: 64, err: 'temp', fail_recips: [full] });
    await new Promise((res) => setTimeout(res, 50));
    const ok = address('full@s.example');
    await callHook(plugin, 'bounceguard_delivered', hmail([ok], { uuid: 'B.1' }), ['mx', 'ip', 'OK', 0, 25, 'SMTP', [ok], false, false]);
    await new Promise((res) => setTimeout(res, 50));
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'C.1' }), { delay: 64, err: 'temp', fail_recips: [full] });
    await new Promise((res) => setTimeout(res, 100));
    expect(await keys()).toEqual([]);
  });

  it('hooks given garbage still answer CONT', async () => {
    expect((await callHook(plugin, 'bounceguard_bounce', {}, null)).code).toBe(CONT);
    expect((await callHook(plugin, 'bounceguard_deferred', { todo: undefined }, undefined)).code).toBe(CONT);
    expect((await callHook(plugin, 'bounceguard_delivered', hmail([]), undefined)).code).toBe(CONT);
  });
});
