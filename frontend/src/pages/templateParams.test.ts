import { describe, expect, it } from 'vitest';
import type { TemplateParameter } from '../api/studio';
import { collect, initialValue, serverErrors } from './templateParams';

const p = (name: string, type: TemplateParameter['type'], defaultValue: unknown = null, required = false): TemplateParameter => ({
  name,
  type,
  defaultValue,
  required,
  description: null,
});

describe('initialValue', () => {
  it('writes each default as the user would type it', () => {
    expect(initialValue(p('a', 'string', 'hello'))).toBe('hello');
    expect(initialValue(p('a', 'string'))).toBe('');
    expect(initialValue(p('a', 'number', 2.5))).toBe('2.5');
    expect(initialValue(p('a', 'number'))).toBe('');
    expect(initialValue(p('a', 'boolean', true))).toBe(true);
    expect(initialValue(p('a', 'boolean'))).toBe(false);
    expect(initialValue(p('a', 'json', { x: [1] }))).toBe('{\n  "x": [\n    1\n  ]\n}');
    expect(initialValue(p('a', 'json'))).toBe('');
  });
});

describe('collect', () => {
  it('types every value by its parameter', () => {
    const params = [p('s', 'string'), p('n', 'number'), p('b', 'boolean'), p('j', 'json')];
    const got = collect(params, { s: 'x y', n: ' 42 ', b: true, j: '[1, {"a": null}]' });
    expect(got.errors).toEqual({});
    expect(got.params).toEqual({ s: 'x y', n: 42, b: true, j: [1, { a: null }] });
  });

  it('names each field that does not read, all at once', () => {
    const params = [p('n', 'number'), p('j', 'json'), p('r', 'string', null, true), p('rn', 'number', null, true)];
    const got = collect(params, { n: '12abc', j: '{oops', r: '  ', rn: '' });
    expect(Object.keys(got.errors).sort()).toEqual(['j', 'n', 'r', 'rn']);
    expect(got.errors.n).toContain('12abc');
    expect(got.errors.j).toMatch(/^not JSON/);
    expect(got.errors.r).toBe('required');
    expect(got.params).toEqual({});
  });

  it('leaves blank optional numbers and JSON out, so defaults apply', () => {
    const params = [p('n', 'number', 3), p('j', 'json', { a: 1 }), p('o', 'number')];
    expect(collect(params, { n: '', j: ' ', o: '' })).toEqual({ params: {}, errors: {} });
  });

  it('sends an optional empty string, but lets a blank required string take its default', () => {
    const params = [p('opt', 'string', 'd'), p('req', 'string', 'd', true)];
    expect(collect(params, { opt: '', req: '' }).params).toEqual({ opt: '' });
  });

  it('reads JSON scalars and null as JSON', () => {
    const got = collect([p('j', 'json')], { j: 'null' });
    expect(got.params).toEqual({ j: null });
    expect(collect([p('j', 'json')], { j: '"text"' }).params).toEqual({ j: 'text' });
  });
});

describe('serverErrors', () => {
  it('sorts the studio findings by parameter, keeping the rest', () => {
    const got = serverErrors({
      errors: [
        { field: '$.params.port', message: 'expected a number' },
        { field: '$.params.port', message: 'again' },
        { field: '$.params.extra', message: 'unknown parameter' },
        { field: 'name', message: 'too long' },
        { message: 'bare' },
      ],
    });
    expect(got.byParam).toEqual({ port: 'expected a number; again', extra: 'unknown parameter' });
    expect(got.other).toEqual(['name: too long', 'bare']);
  });

  it('is empty without a problem', () => {
    expect(serverErrors(null)).toEqual({ byParam: {}, other: [] });
  });
});
