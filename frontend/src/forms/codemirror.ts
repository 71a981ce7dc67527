/** The CodeMirror set-up behind CodeEditor.vue, in its own chunk. */
import { EditorView, placeholder as placeholderExt } from '@codemirror/view';
import { EditorState, type Extension } from '@codemirror/state';
import { basicSetup, minimalSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { python } from '@codemirror/lang-python';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { ROOTS, fieldPaths } from './expression';
import type { FormContext } from './context';
import type { CodeLanguage } from './codeLanguage';

export interface EditorOptions {
  language: CodeLanguage | 'expression';
  placeholder?: string;
  testid?: string;
  context: FormContext;
  onChange(value: string): void;
}

/** Completion inside `={{ }}`: roots after `$`, the last run's field names after `$json.`, node names in `$('`. */
export function expressionCompletions(ctx: FormContext) {
  return (context: CompletionContext): CompletionResult | null => {
    const field = context.matchBefore(/\$json(?:\.[\w$]*|\[[^\]]*\]?)*$/);
    if (field) {
      const dot = field.text.lastIndexOf('.');
      const from = dot >= 0 ? field.from + dot + 1 : field.to;
      const base = dot >= 0 ? field.text.slice(5, dot).replace(/^\./, '') : '';
      const paths = fieldPaths(ctx.preview().json ?? {});
      const options = paths
        .filter((p) => (base ? p.startsWith(base + '.') && !p.slice(base.length + 1).includes('.') : !p.includes('.')))
        .map((p) => ({ label: base ? p.slice(base.length + 1) : p, type: 'property', detail: 'from the last run' }));
      return { from, options, validFor: /^[\w$]*$/ };
    }
    const node = context.matchBefore(/\$\(['"][^'"]*$/);
    if (node) {
      return {
        from: node.from + 3,
        options: ctx.nodeNames().map((n) => ({ label: n, apply: `${n}').item.json`, type: 'variable' })),
      };
    }
    const root = context.matchBefore(/\$[\w(]*$/);
    if (root || context.explicit) {
      return {
        from: root ? root.from : context.pos,
        options: ROOTS.map((r) => ({ label: r.label, info: r.info, type: 'variable' })),
      };
    }
    return null;
  };
}

export function createEditor(parent: HTMLElement, doc: string, o: EditorOptions): EditorView {
  const ext: Extension[] = [
    EditorView.updateListener.of((u) => {
      if (u.docChanged) o.onChange(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ 'aria-label': o.language, ...(o.testid ? { 'data-testid': o.testid } : {}) }),
  ];
  if (o.placeholder) ext.push(placeholderExt(o.placeholder));
  if (o.language === 'javascript') ext.push(basicSetup, javascript());
  else if (o.language === 'python') ext.push(basicSetup, python());
  else if (o.language === 'json') ext.push(basicSetup, json());
  else ext.push(minimalSetup, javascript(), autocompletion({ override: [expressionCompletions(o.context)], activateOnTyping: true }), EditorView.lineWrapping);
  return new EditorView({ state: EditorState.create({ doc, extensions: ext }), parent });
}
