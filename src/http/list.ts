import type { ScanFilter, SuppressionEntry, SuppressionStore } from '../store/types';

/** One page of the list: entries after a key, in key order, and the total that match. */
export interface ListQuery extends ScanFilter {
  after?: string;
  since?: number;
  until?: number;
  contains?: string;
  limit: number;
}

export interface ListPage {
  entries: SuppressionEntry[];
  total: number;
  /** The key to continue after; null on the last page. */
  next: string | null;
}

/** Reads one page; one more entry than asked tells whether another page follows. */
export async function listPage(store: SuppressionStore, q: ListQuery): Promise<ListPage> {
  const entries: SuppressionEntry[] = [];
  const [total] = await Promise.all([
    store.count(q),
    (async () => {
      for await (const e of store.scan({ ...q, limit: q.limit + 1 })) entries.push(e);
    })(),
  ]);
  const more = entries.length > q.limit;
  const page = entries.slice(0, q.limit);
  return { entries: page, total, next: more ? page.at(-1)!.key : null };
}

/** The cursor a client hands back: opaque, so the key format may change without breaking clients. */
export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

/** The key a cursor continues after; null when the text is not one of ours. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('k:') && text.length > 2 ? text.slice(2) : null;
}
