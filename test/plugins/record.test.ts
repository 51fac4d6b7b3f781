import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SuppressionStore } from '../../src/store';
import { address, callHook, configDir, CONT, eventually, expectNoStrayNext, hmail, makePlugin, runtimeModule } from './helpers';

let cleanup: () => void;
let plugin: ReturnType<typeof makePlugin>;
let store: SuppressionStore;
/** What the plugin logged: it logs one line per recipient once that recipient's decision is made. */
let lines: string[];

beforeEach(async () => {
  const cfg = configDir('[store]\nbackend=memory\n\n[suppress]\nescalate_after=2\n');
  cleanup = cfg.cleanup;
  plugin = makePlugin('bounceguard-record', cfg);
  lines = [];
  for (const level of ['loginfo', 'lognotice', 'logerror'] as const) plugin[level] = (l: unknown) => { lines.push(`${level} ${String(l)}`); };
  const rt = await runtimeModule.runtime(plugin);
  store = rt.suppression!.store;
});

afterEach(async () => {
  await runtimeModule.closeRuntime();
  cleanup();
  expectNoStrayNext();
});

/** Waits for the plugin's line(s) about `kind` of `rcpt` (logged after the store was written), the n-th included. */
async function recorded(kind: 'bounce' | 'deferred' | 'delivered', rcpt: string, n = 1): Promise<string> {
  const mine = () => lines.filter((l) => l.includes(`bounceguard: [`) && l.includes(` ${kind} rcpt=<${rcpt}>`));
  return eventually(async () => mine()[n - 1], 5000).catch(() => {
    throw new Error(`no ${n}th ${kind} line for ${rcpt}; logged:\n${lines.join('\n')}`);
  });
}

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
    // At once: next() came before the hook even returned, so no store call was waited for.
    expect(r).toMatchObject({ code: CONT, sync: true });
    await eventually(async () => ((await keys()).length ? true : undefined));
    expect(await store.get('unknown@a.example')).toMatchObject({ reason: 'userunknown', source: 'smtp', code: 550, enhanced: '5.1.1' });
  });

  it('bounce at DATA (nobody listed): every recipient gets the reply; a spam rejection suppresses nobody', async () => {
    const fields = { dsn_smtp_code: '554', dsn_smtp_extc: '5.7.1', dsn_smtp_response: 'Message rejected as spam', dsn_action: 'failed' };
    const rcpts = [address('a@d.example', fields), address('b@d.example', fields)];
    const r = await callHook(plugin, 'bounceguard_bounce', hmail(rcpts), Object.assign(new Error('554 5.7.1 Message rejected as spam'), { bounced_rcpt: [] }));
    expect(r.code).toBe(CONT);
    for (const rcpt of ['a@d.example', 'b@d.example']) {
      expect(await recorded('bounce', rcpt)).toMatch(/code=554 5\.7\.1 reason=spamdetected .*action=ignored\(sender-side reason spamdetected\)/);
    }
    expect(await keys()).toEqual([]);
  });

  it('deferred: a 421 with a two-digit enhanced code Haraka could not parse is read as throttling, not suppression', async () => {
    const rate = address('rate@g.example', { dsn_smtp_code: '421', dsn_smtp_response: '4.7.28 Gmail has detected an unusual rate - gsmtp', dsn_action: 'delayed' });
    const r = await callHook(plugin, 'bounceguard_deferred', hmail([rate]), { delay: 64, err: new Error('Some recipients temp failed'), fail_recips: [rate] });
    expect(r.code).toBe(CONT);
    expect(await recorded('deferred', 'rate@g.example')).toMatch(/^lognotice bounceguard: \[[^\]]+\] deferred rcpt=<rate@g\.example> code=421 4\.7\.28 reason=speeding bounce=soft flags=throttle rule=google\.unusual-rate/);
    expect(await keys()).toEqual([]);
  });

  it('deferred after a 421 mid-RCPT: Haraka\'s "Tried all MXs" with 550 5.1.2 never suppresses the accepted recipients', async () => {
    const tried = { dsn_code: 550, dsn_msg: 'Tried all MXs c.example', dsn_status: '5.1.2', dsn_action: 'failed' };
    const rcpts = [
      address('alive@c.example', tried),
      address('rate@c.example', { ...tried, dsn_smtp_code: '421', dsn_smtp_response: '4.7.28 unusual rate - gsmtp' }),
    ];
    expect((await callHook(plugin, 'bounceguard_deferred', hmail(rcpts), { delay: 5, err: new Error('Tried all MXs'), fail_recips: [] })).code).toBe(CONT);
    for (const rcpt of ['alive@c.example', 'rate@c.example']) expect(await recorded('deferred', rcpt)).not.toMatch(/action=(suppressed|escalated)/);
    expect(await recorded('deferred', 'rate@c.example')).toMatch(/code=421 4\.7\.28 reason=speeding .*flags=throttle/);
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
    for (let i = 1; i <= 3; i += 1) {
      await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'SAME.1' }), { delay: 64, err: new Error('temp'), fail_recips: [full] });
      // escalate_after=2: a second count would escalate; each retry still finds one message.
      expect(await recorded('deferred', 'full@r.example', i)).toMatch(/reason=mailboxfull .*action=counted\(1\)/);
    }
    expect(await keys()).toEqual([]);
    // A distinct message does count, so the count above was the retries folding, not nothing recorded.
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'OTHER.1' }), { delay: 64, err: new Error('temp'), fail_recips: [full] });
    expect(await recorded('deferred', 'full@r.example', 4)).toMatch(/action=escalated\(full@r\.example/);
    expect(await keys()).toEqual(['full@r.example']);
  });

  it('a reply with no code is classified and logged, never suppressed', async () => {
    const lost = address('x@n.example', { reason: 'connection lost' });
    const r = await callHook(plugin, 'bounceguard_bounce', hmail([lost]), Object.assign(new Error('connection lost'), { bounced_rcpt: [lost] }));
    expect(r.code).toBe(CONT);
    expect(await recorded('bounce', 'x@n.example')).toMatch(/bounce rcpt=<x@n\.example> code=- reason=\S+ .*action=ignored\(/);
    expect(await keys()).toEqual([]);
  });

  it('Haraka\'s own DSNs (null sender) are never recorded', async () => {
    const gone = address('sender@haraka.test', { dsn_smtp_code: '550', dsn_smtp_extc: '5.1.1', dsn_smtp_response: 'No such user' });
    await callHook(plugin, 'bounceguard_bounce', hmail([gone], { from: '' }), Object.assign(new Error('failed'), { bounced_rcpt: [gone] }));
    expect(await recorded('bounce', 'sender@haraka.test')).toMatch(/reason=userunknown .*action=not-recorded\(our own DSN\)/);
    expect(await keys()).toEqual([]);
    // The same bounce of an ordinary message is recorded.
    await callHook(plugin, 'bounceguard_bounce', hmail([gone]), Object.assign(new Error('failed'), { bounced_rcpt: [gone] }));
    expect(await recorded('bounce', 'sender@haraka.test', 2)).toMatch(/action=suppressed\(sender@haraka\.test\)/);
    expect(await keys()).toEqual(['sender@haraka.test']);
  });

  it('a delivery resets the soft-bounce count', async () => {
    const full = address('full@s.example', { dsn_smtp_code: '452', dsn_smtp_extc: '4.2.2', dsn_smtp_response: 'Mailbox full' });
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'A.1' }), { delay: 64, err: 'temp', fail_recips: [full] });
    expect(await recorded('deferred', 'full@s.example')).toMatch(/action=counted\(1\)/);
    const ok = address('full@s.example');
    await callHook(plugin, 'bounceguard_delivered', hmail([ok], { uuid: 'B.1' }), ['mx', 'ip', 'OK', 0, 25, 'SMTP', [ok], false, false]);
    await recorded('delivered', 'full@s.example');
    await callHook(plugin, 'bounceguard_deferred', hmail([full], { uuid: 'C.1' }), { delay: 64, err: 'temp', fail_recips: [full] });
    // escalate_after=2: without the reset this second message would escalate.
    expect(await recorded('deferred', 'full@s.example', 2)).toMatch(/action=counted\(1\)/);
    expect(await keys()).toEqual([]);
  });

  it('hooks given garbage still answer CONT', async () => {
    expect((await callHook(plugin, 'bounceguard_bounce', {}, null)).code).toBe(CONT);
    expect((await callHook(plugin, 'bounceguard_deferred', { todo: undefined }, undefined)).code).toBe(CONT);
    expect((await callHook(plugin, 'bounceguard_delivered', hmail([]), undefined)).code).toBe(CONT);
  });
});
