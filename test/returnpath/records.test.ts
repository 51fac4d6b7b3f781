import { describe, expect, it } from 'vitest';
import { SentRecords, type SentRecord } from '../../src/returnpath';
import { MemoryStore, type StateWrite } from '../../src/store';

/** A memory store that notes every setStates call (one call is one transaction on SQLite). */
function countingStore() {
  const store = new MemoryStore();
  const calls: StateWrite[][] = [];
  const setStates = store.setStates.bind(store);
  store.setStates = async (writes) => {
    calls.push(writes);
    return setStates(writes);
  };
  return { store, calls };
}

const record = (n: number): SentRecord => ({ messageId: `<m${n}@Haraka.test>`, sender: 's@haraka.test', returnPath: 's@haraka.test', recipients: [`R${n}@dest.example`], at: n });

describe('sent-message records', () => {
  it('writes each record at once without a batch time, lower-cased and keyed by Message-ID', async () => {
    const { store, calls } = countingStore();
    const records = new SentRecords(store);
    expect(await records.remember(record(1))).toBe(true);
    expect(await records.remember({ ...record(2), messageId: 'no id here' })).toBe(false);
    expect(calls).toHaveLength(1);
    expect(await records.find('<M1@haraka.test>')).toMatchObject({ messageId: 'm1@haraka.test', recipients: ['r1@dest.example'] });
  });

  it('writes the records of one batch time in one store call, each promise settled by it', async () => {
    const { store, calls } = countingStore();
    const records = new SentRecords(store, 60_000, 10_000);
    const remembered = [1, 2, 3].map((n) => records.remember(record(n)));
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(0);
    expect(await records.find('m1@haraka.test')).toBeNull();
    await records.flush();
    expect(await Promise.all(remembered)).toEqual([true, true, true]);
    expect(calls.map((c) => c.map((w) => w.key))).toEqual([['sent:m1@haraka.test', 'sent:m2@haraka.test', 'sent:m3@haraka.test']]);
    expect(await records.find('m3@haraka.test')).toMatchObject({ recipients: ['r3@dest.example'] });
  });

  it('writes a batch when its time is up, and a full batch at once', async () => {
    const { store, calls } = countingStore();
    const timed = new SentRecords(store, 60_000, 5);
    await timed.remember(record(1));
    expect(calls).toHaveLength(1);
    const full = new SentRecords(store, 60_000, 60_000);
    await Promise.all(Array.from({ length: 500 }, (_, i) => full.remember(record(i))));
    expect(calls.map((c) => c.length)).toEqual([1, 500]);
  });

  it('hands a failed write to every record of the batch', async () => {
    const store = new MemoryStore();
    store.setStates = () => Promise.reject(new Error('disk full'));
    const records = new SentRecords(store, 60_000, 10_000);
    const remembered = [1, 2].map((n) => records.remember(record(n)));
    await records.flush();
    for (const r of remembered) await expect(r).rejects.toThrow('disk full');
  });
});
