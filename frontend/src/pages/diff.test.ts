import { describe, expect, it } from 'vitest';
import { canonicalJson, diffLines } from './diff';

describe('diffLines', () => {
  it('pairs changed lines side by side and keeps common ones', () => {
    const rows = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'same', 'same', 'added']);
    expect(rows[1]).toMatchObject({ left: 'b', right: 'B', leftNo: 2, rightNo: 2 });
    expect(rows[4]).toMatchObject({ left: null, right: 'e', rightNo: 5 });
  });

  it('finds removals in the middle', () => {
    const rows = diffLines('1\n2\n3\n4\n5', '1\n2\n5');
    expect(rows.filter((r) => r.kind === 'removed').map((r) => r.left)).toEqual(['3', '4']);
    expect(rows.filter((r) => r.kind === 'same').map((r) => [r.leftNo, r.rightNo])).toEqual([
      [1, 1],
      [2, 2],
      [5, 3],
    ]);
  });

  it('reports no change for equal texts', () => {
    expect(diffLines('x\ny', 'x\ny').every((r) => r.kind === 'same')).toBe(true);
  });
});

describe('canonicalJson', () => {
  it('sorts keys so key order never shows as a change', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
