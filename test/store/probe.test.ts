import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeWritable, runningUser, unwritableMessage, watchWritable, writableTargets, type Unwritable, type WritableWatch } from '../../src/store/probe';
import type { LogLevel } from '../../src/store/resilient';

// Root passes every permission check, so a folder that is a file stands for one the user may not write.
describe('store write probe', () => {
  let dir: string;
  let blocked: string;
  const watches: WritableWatch[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-probe-'));
    blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
  });
  afterEach(() => {
    for (const w of watches.splice(0)) w.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('probes the SQLite file and the spool, or the spool alone for the other backends', () => {
    const config = { sqlitePath: '/srv/bg/bounceguard.db', spoolPath: '/srv/bg/bounceguard.spool' };
    expect(writableTargets({ backend: 'sqlite', ...config })).toEqual([{ what: 'store', file: config.sqlitePath }, { what: 'spool', file: config.spoolPath }]);
    expect(writableTargets({ backend: 'redis', ...config })).toEqual([{ what: 'spool', file: config.spoolPath }]);
  });

  it('passes writable files and folders, leaving nothing behind', () => {
    fs.writeFileSync(path.join(dir, 'bounceguard.db'), '');
    expect(probeWritable([{ what: 'store', file: path.join(dir, 'bounceguard.db') }, { what: 'spool', file: path.join(dir, 'sub', 'spool') }])).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['a-file', 'bounceguard.db', 'sub']);
  });

  it('names the target, the path that refused and why', () => {
    const file = path.join(blocked, 'bounceguard.db');
    const [problem] = probeWritable([{ what: 'store', file }]);
    expect(problem).toMatchObject({ what: 'store', file, path: blocked });
    expect(problem.reason).toMatch(/EEXIST|ENOTDIR/);
  });

  it('tells the operator the path, the user and the fix', () => {
    const problem: Unwritable = { what: 'store', file: '/var/lib/haraka/bounceguard.db', path: '/var/lib/haraka/bounceguard.db', reason: 'EACCES: permission denied' };
    expect(unwritableMessage(problem, { name: 'nobody', ids: '65534:65534' })).toBe(
      'bounceguard: store /var/lib/haraka/bounceguard.db is not writable by nobody (65534:65534): /var/lib/haraka/bounceguard.db: EACCES: permission denied; ' +
      'suppressions are not saved while this lasts. Fix: chown nobody /var/lib/haraka /var/lib/haraka/bounceguard.db* (the user= of smtp.ini), ' +
      'or set sqlite_path in bounceguard.ini [store] to a folder that user owns',
    );
    expect(unwritableMessage({ ...problem, what: 'spool' }, runningUser())).toMatch(/^bounceguard: spool .* is not writable by \S+ \(\d+:\d+\).*set spool_path/);
  });

  it('repeats the error while it lasts, at most once a repeat interval, counts every failing probe, and says when it is fixed', () => {
    let now = 1_000_000;
    const logs: [LogLevel, string][] = [];
    let counted = 0;
    let reopened = 0;
    const file = path.join(blocked, 'bounceguard.spool');
    const watch = watchWritable([{ what: 'spool', file }], {
      log: (l, m) => logs.push([l, m]), onUnwritable: () => { counted += 1; }, onWritable: () => { reopened += 1; },
      intervalMs: 3_600_000, repeatMs: 60_000, now: () => now,
    });
    watches.push(watch);
    now += 30_000;
    expect(watch.probe()).toBe(false);
    now += 31_000;
    expect(watch.probe()).toBe(false);
    expect(logs.map(([l]) => l)).toEqual(['error', 'error']);
    expect(counted).toBe(3);
    fs.rmSync(blocked);
    expect(watch.probe()).toBe(true);
    expect(watch.probe()).toBe(true);
    expect(logs[2]).toEqual(['info', `bounceguard: ${file} writable again by ${runningUser().name}`]);
    expect(logs).toHaveLength(3);
    expect(reopened).toBe(1);
  });
});
