/** The languages a code parameter is edited in. */
export type CodeLanguage = 'javascript' | 'python' | 'json';

/**
 * The language of a code parameter from its descriptor's `typeOptions`: Hetumind's `editor` (`javascript`, `python`,
 * `json`), or n8n's (`editor: 'codeNodeEditor'` with `editorLanguage`, `editor: 'jsonEditor'`). JavaScript otherwise.
 */
export function codeLanguage(typeOptions: Record<string, unknown> | undefined): CodeLanguage {
  const editor = String(typeOptions?.editor ?? '').toLowerCase();
  const language = String(typeOptions?.editorLanguage ?? '').toLowerCase();
  if (editor === 'json' || editor === 'jsoneditor' || language === 'json') return 'json';
  if (editor === 'python' || language === 'python' || language === 'pythonnative') return 'python';
  return 'javascript';
}
