import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { CompletionContext } from '@codemirror/autocomplete';
import { expressionCompletions } from './codemirror';
import type { FormContext } from './context';

const ctx: FormContext = {
  nodeNames: () => ['HTTP Request', 'If'],
  preview: () => ({ json: { status: 200, body: { id: 7, name: 'x' } }, nodes: {} }),
};

function complete(text: string, explicit = false) {
  const state = EditorState.create({ doc: text });
  const r = expressionCompletions(ctx)(new CompletionContext(state, text.length, explicit));
  return r ? { from: r.from, labels: r.options.map((o) => o.label) } : null;
}

describe('expression completion', () => {
  it('offers the roots after $', () => {
    const r = complete('{{ $');
    expect(r!.labels).toEqual(expect.arrayContaining(['$json', '$input', "$('Node')", '$now', '$today', '$execution', '$workflow', '$vars']));
  });
  it("offers the last run's field names after $json.", () => {
    expect(complete('{{ $json.')!.labels).toEqual(['status', 'body']);
    expect(complete('{{ $json.body.')!.labels).toEqual(['id', 'name']);
    expect(complete('{{ $json.body.na')).toMatchObject({ from: '{{ $json.body.'.length });
  });
  it("offers the workflow's other nodes inside $('", () => {
    expect(complete("{{ $('")!.labels).toEqual(['HTTP Request', 'If']);
  });
  it('offers nothing in plain text', () => {
    expect(complete('hello')).toBeNull();
  });
});
