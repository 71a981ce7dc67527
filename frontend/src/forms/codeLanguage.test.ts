import { describe, expect, it } from 'vitest';
import { language } from '@codemirror/language';
import { codeLanguage } from './codeLanguage';
import { createEditor } from './codemirror';

const ctx = { nodeNames: () => [], preview: () => ({ json: {}, nodes: {} }) };

describe('code parameter language', () => {
  it("reads Hetumind's and n8n's editor options", () => {
    expect(codeLanguage({ editor: 'python' })).toBe('python');
    expect(codeLanguage({ editor: 'codeNodeEditor', editorLanguage: 'python' })).toBe('python');
    expect(codeLanguage({ editor: 'codeNodeEditor', editorLanguage: 'javaScript' })).toBe('javascript');
    expect(codeLanguage({ editor: 'json' })).toBe('json');
    expect(codeLanguage({ editor: 'jsonEditor' })).toBe('json');
    expect(codeLanguage({ editor: 'javascript' })).toBe('javascript');
    expect(codeLanguage(undefined)).toBe('javascript');
  });

  it('highlights Python code as Python, not as JavaScript', () => {
    for (const [lang, parser] of [['python', 'python'], ['javascript', 'javascript'], ['json', 'json']] as const) {
      const view = createEditor(document.createElement('div'), 'x = 1', { language: lang, context: ctx, onChange: () => {} });
      expect(view.state.facet(language)?.name).toBe(parser);
      view.destroy();
    }
  });
});
