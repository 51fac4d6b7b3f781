import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, evaluateAlerts, recordInWindows, recordSamples } from '../../src/alerts';
import { classify, loadRuleSet } from '../../src/classify';
import { makeEvent, publish, type BounceguardEvent, type OutcomeData } from '../../src/events';
import { SqliteStore } from '../../src/store/sqlite';
import { ensureBuilt, runCli } from '../helpers/cli';

describe('bounceguard alerts and events tail, against a real SQLite file', () => {
  let root: string;
  let dir: string;
  const cli = (args: string[]) => runCli(['--config', dir, ...args]);
  const rules = loadRuleSet(() => ({}));

  beforeAll(async () => {
    ensureBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cli-signals-'));
    dir = path.join(root, 'haraka');
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', 'bounceguard.ini'), '[store]\nbackend=sqlite\nsqlite_path=signals.db\n');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses a store Haraka never opened, and says so when there is nothing yet', async () => {
    const refused = await cli(['alerts']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no suppression store at .*signals\.db/);
    expect(fs.existsSync(path.join(dir, 'signals.db'))).toBe(false);
    await new SqliteStore({ path: path.join(dir, 'signals.db') }).close();
    expect(await cli(['alerts'])).toMatchObject({ code: 0, stdout: 'no active alerts\n' });
    expect(await cli(['events', 'tail'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('shows the active alert with its evidence, and tails the events by type', async () => {
    const store = new SqliteStore({ path: path.join(dir, 'signals.db') });
    const reply = '550 5.1.1 <x@list.example>: Recipient address rejected: User unknown';
    const outcome = (r: string): OutcomeData => ({
      kind: 'bounce', queueId: 'q', sender: 'news@shop.example', recipient: 'x@list.example', reply: r, outcome: classify({ reply: r, stage: 'rcpt' }, rules),
      senderDomain: 'shop.example', destination: 'list.example', localIp: 'default', campaign: null,
    });
    const batch = [...Array.from({ length: 10 }, () => outcome(reply)), ...Array.from({ length: 90 }, () => outcome('250 ok'))];
    await recordInWindows(store, batch, Date.now());
    await recordSamples(store, batch.slice(0, 1));
    const [alert] = await evaluateAlerts(store, [{ name: 'hard_bounce', ...DEFAULT_RULES.hard_bounce, dimensions: ['sender'] }], Date.now());
    const events: BounceguardEvent[] = [...batch.slice(0, 3).map((o) => makeEvent('outcome', o)), makeEvent('alert', alert)];
    await publish(store, events);
    await store.close();

    const json = await cli(['alerts', '--json']);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout) as { active: Array<{ key: string; evidence: { count: number; sampleReplies: string[] } }> };
    expect(shown.active).toHaveLength(1);
    expect(shown.active[0]).toMatchObject({ key: 'hard_bounce:sender:shop.example', evidence: { count: 10, sampleReplies: [reply] } });
    const table = await cli(['alerts']);
    expect(table.stdout).toMatch(/critical .*hard_bounce .*sender shop\.example/);

    const tail = await cli(['events', 'tail', '--type', 'alert']);
    expect(tail.stdout.trim().split('\n').map((l) => (JSON.parse(l) as BounceguardEvent).id)).toEqual([events[3].id]);
    const last2 = await cli(['events', 'tail', '-n', '2']);
    expect(last2.stdout.trim().split('\n').map((l) => (JSON.parse(l) as BounceguardEvent).id)).toEqual([events[2].id, events[3].id]);
    expect((await cli(['events', 'tail', '--type', 'nonsense'])).code).toBe(2);
  });
});
