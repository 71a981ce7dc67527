/**
 * A line diff for the versions page: the longest common subsequence of two texts' lines (Myers' O(ND) would be
 * faster; workflow documents are a few thousand lines at most, and the table is bounded below), laid out side by side.
 */

export interface Row {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left: string | null;
  right: string | null;
  leftNo: number | null;
  rightNo: number | null;
}

type Op = { kind: 'same' | 'removed' | 'added'; line: string; a: number; b: number };

/** Above this many line pairs the common prefix and suffix are still trimmed, but the middle is a plain replace. */
const MAX_CELLS = 4_000_000;

export function diffLines(left: string, right: string): Row[] {
  const a = left.split('\n');
  const b = right.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: 'same', line: a[i], a: i, b: i });
  ops.push(...middle(a, b, start, endA, start, endB));
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ kind: 'same', line: a[i], a: i, b: j });
  return pair(ops);
}

function middle(a: string[], b: string[], a0: number, a1: number, b0: number, b1: number): Op[] {
  const n = a1 - a0;
  const m = b1 - b0;
  const out: Op[] = [];
  if (n * m > MAX_CELLS) {
    for (let i = a0; i < a1; i++) out.push({ kind: 'removed', line: a[i], a: i, b: -1 });
    for (let j = b0; j < b1; j++) out.push({ kind: 'added', line: b[j], a: -1, b: j });
    return out;
  }
  // lcs[i][j] = LCS length of a[a0+i..a1) and b[b0+j..b1)
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[a0 + i] === b[b0 + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[a0 + i] === b[b0 + j]) {
      out.push({ kind: 'same', line: a[a0 + i], a: a0 + i, b: b0 + j });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push({ kind: 'added', line: b[b0 + j], a: -1, b: b0 + j });
      j++;
    } else {
      out.push({ kind: 'removed', line: a[a0 + i], a: a0 + i, b: -1 });
      i++;
    }
  }
  return out;
}

/** Side by side: a run of removals next to the following run of additions becomes changed rows. */
function pair(ops: Op[]): Row[] {
  const rows: Row[] = [];
  let k = 0;
  while (k < ops.length) {
    const op = ops[k];
    if (op.kind === 'same') {
      rows.push({ kind: 'same', left: op.line, right: op.line, leftNo: op.a + 1, rightNo: op.b + 1 });
      k++;
      continue;
    }
    const removed: Op[] = [];
    const added: Op[] = [];
    while (k < ops.length && ops[k].kind !== 'same') {
      (ops[k].kind === 'removed' ? removed : added).push(ops[k]);
      k++;
    }
    for (let x = 0; x < Math.max(removed.length, added.length); x++) {
      const r = removed[x];
      const ad = added[x];
      rows.push({
        kind: r && ad ? 'changed' : r ? 'removed' : 'added',
        left: r ? r.line : null,
        right: ad ? ad.line : null,
        leftNo: r ? r.a + 1 : null,
        rightNo: ad ? ad.b + 1 : null,
      });
    }
  }
  return rows;
}

/** Pretty JSON with object keys sorted, so two versions differ only where their content does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
