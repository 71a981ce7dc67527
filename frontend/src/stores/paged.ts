import { ref, shallowRef } from 'vue';
import type { Page } from '../api/studio';

/**
 * A cursor-paged list (the studio's `{items, nextCursor}` pages): `reload()` starts again from the first page with the
 * current filters, `more()` appends the next page. A reload that starts while an older load is in flight wins: the
 * older answer is dropped, so fast typing in a search box never shows stale rows.
 */
export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function load(cursor: string | null, append: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return;
      items.value = append ? [...items.value, ...page.items] : page.items;
      next.value = page.nextCursor;
    } catch (e) {
      if (mine !== generation) return;
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  return {
    items,
    next,
    loading,
    error,
    reload: () => load(null, false),
    more: () => (next.value ? load(next.value, true) : Promise.resolve()),
    /** Replaces one row in place (after a toggle) or drops it (`null`). */
    patch(match: (t: T) => boolean, replacement: T | null) {
      items.value = items.value.flatMap((t) => (match(t) ? (replacement ? [replacement] : []) : [t]));
    },
  };
}
