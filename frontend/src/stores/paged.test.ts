import { describe, expect, it } from 'vitest';
import type { Page } from '../api/studio';
import { usePaged } from './paged';

/** A cursor API over `rows` as the studio pages it: `limit` rows after the cursor, `nextCursor` while more follow. */
function api(rows: number[], limit: number, filter: () => (n: number) => boolean) {
  const calls: (string | null)[] = [];
  const fetchPage = async (cursor: string | null): Promise<Page<number>> => {
    calls.push(cursor);
    const all = rows.filter(filter());
    const start = cursor === null ? 0 : all.indexOf(Number(cursor)) + 1;
    const items = all.slice(start, start + limit);
    return { items, nextCursor: start + limit < all.length ? String(items[items.length - 1]) : null };
  };
  return { fetchPage, calls };
}

describe('usePaged', () => {
  it('loads the first page, appends the next ones and stops at the end', async () => {
    const { fetchPage, calls } = api([1, 2, 3, 4, 5], 2, () => () => true);
    const list = usePaged(fetchPage);
    await list.reload();
    expect(list.items.value).toEqual([1, 2]);
    expect(list.next.value).toBe('2');
    await list.more();
    await list.more();
    expect(list.items.value).toEqual([1, 2, 3, 4, 5]);
    expect(list.next.value).toBeNull();
    await list.more(); // nothing left: no call
    expect(calls).toEqual([null, '2', '4']);
  });

  it('starts again from the first page when the filter changes', async () => {
    let even = false;
    const { fetchPage } = api([1, 2, 3, 4, 5, 6], 2, () => (n) => !even || n % 2 === 0);
    const list = usePaged(fetchPage);
    await list.reload();
    await list.more();
    even = true;
    await list.reload();
    expect(list.items.value).toEqual([2, 4]);
    expect(list.next.value).toBe('4');
  });

  it('drops an older answer that arrives after a newer reload', async () => {
    const resolvers: ((p: Page<string>) => void)[] = [];
    const list = usePaged<string>(() => new Promise((resolve) => resolvers.push(resolve)));
    const first = list.reload();
    const second = list.reload();
    resolvers[1]({ items: ['new'], nextCursor: null });
    resolvers[0]({ items: ['stale'], nextCursor: 'x' });
    await Promise.all([first, second]);
    expect(list.items.value).toEqual(['new']);
    expect(list.next.value).toBeNull();
    expect(list.loading.value).toBe(false);
  });

  it('shows a failure in words and keeps the rows it had', async () => {
    let fail = false;
    const list = usePaged<number>(async () => {
      if (fail) throw new Error('the studio cannot be reached');
      return { items: [1], nextCursor: 'c' };
    });
    await list.reload();
    fail = true;
    await list.more();
    expect(list.error.value).toBe('the studio cannot be reached');
    expect(list.items.value).toEqual([1]);
  });

  it('patches and removes rows in place', async () => {
    const list = usePaged<{ id: number; on: boolean }>(async () => ({
      items: [
        { id: 1, on: false },
        { id: 2, on: false },
      ],
      nextCursor: null,
    }));
    await list.reload();
    list.patch((r) => r.id === 1, { id: 1, on: true });
    list.patch((r) => r.id === 2, null);
    expect(list.items.value).toEqual([{ id: 1, on: true }]);
  });
});
