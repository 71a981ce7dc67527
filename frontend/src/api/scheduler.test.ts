import { describe, expect, it } from 'vitest';
import { appendTail, splitArgs, type LogLine } from './scheduler';

const line = (seq: number): LogLine => ({ seq, stream: 'stdout', line: `l${seq}`, at: '2026-01-01T00:00:00Z' });

describe('scheduler helpers', () => {
  it('splits arguments on spaces, keeping quoted ones whole and empty quoted ones', () => {
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('  -c   "echo hi"  ')).toEqual(['-c', 'echo hi']);
    expect(splitArgs(`a 'b c' "" d"e f"g`)).toEqual(['a', 'b c', '', 'de fg']);
    expect(() => splitArgs('"open')).toThrow('unclosed quote');
  });

  it('appends only lines after the last one shown and keeps the tail', () => {
    let shown = appendTail([], [line(0), line(1)]);
    shown = appendTail(shown, [line(1), line(2)]); // a page that overlaps what is shown
    expect(shown.map((l) => l.seq)).toEqual([0, 1, 2]);
    shown = appendTail(shown, [line(3), line(4), line(5)], 4);
    expect(shown.map((l) => l.seq)).toEqual([2, 3, 4, 5]);
  });
});
