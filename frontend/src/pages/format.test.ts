import { describe, expect, it } from 'vitest';
import { customDataFilter, customDataLabels } from './format';

describe('custom data filter', () => {
  it('reads a key, or a key and its value split at the first =', () => {
    expect(customDataFilter('')).toEqual({});
    expect(customDataFilter('  order ')).toEqual({ customDataKey: 'order' });
    expect(customDataFilter('order = A-100')).toEqual({ customDataKey: 'order', customDataValue: 'A-100' });
    expect(customDataFilter('q=a=b')).toEqual({ customDataKey: 'q', customDataValue: 'a=b' });
    expect(customDataFilter('order=')).toEqual({ customDataKey: 'order', customDataValue: '' });
    expect(customDataFilter('=x')).toEqual({});
  });

  it('labels a row with the first entries, cut long values and counts the rest', () => {
    expect(customDataLabels(undefined)).toEqual([]);
    expect(customDataLabels({ order: 'A-1', customer: 'ada' })).toEqual(['order: A-1', 'customer: ada']);
    expect(customDataLabels({ a: '1', b: '2', c: '3', d: '4', e: '5' })).toEqual(['a: 1', 'b: 2', 'c: 3', '+2']);
    expect(customDataLabels({ note: 'x'.repeat(50) })).toEqual([`note: ${'x'.repeat(40)}…`]);
  });
});
