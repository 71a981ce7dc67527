/** Small display helpers shared by the pages. */

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function duration(from: string | null, to: string | null): string {
  if (!from || !to) return '—';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Saves `text` as a file the browser downloads. */
export function download(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The executions list's custom data filter as typed: `key` (runs that saved that key) or `key=value` (with exactly
 * that value; only the first `=` splits, so a value may hold more). Blank: no filter.
 */
export function customDataFilter(text: string): { customDataKey?: string; customDataValue?: string } {
  const t = text.trim();
  if (!t) return {};
  const eq = t.indexOf('=');
  if (eq < 0) return { customDataKey: t };
  const key = t.slice(0, eq).trim();
  return key ? { customDataKey: key, customDataValue: t.slice(eq + 1).trim() } : {};
}

/** Custom data as short `key: value` labels for a list row (the rest counted). */
export function customDataLabels(data: Record<string, string> | undefined, max = 3): string[] {
  const entries = Object.entries(data ?? {});
  const shown = entries.slice(0, max).map(([k, v]) => `${k}: ${v.length > 40 ? `${v.slice(0, 40)}…` : v}`);
  return entries.length > max ? [...shown, `+${entries.length - max}`] : shown;
}
