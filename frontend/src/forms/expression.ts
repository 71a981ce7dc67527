/**
 * `={{ … }}` values: detection, a client-side preview for the plain paths we can evaluate exactly
 * (`$json.a.b`, `$json["a"][0]`, `$('Node').item.json.a`, `$('Node').first().json.a`), and completions.
 * Everything else (calls, arithmetic, `$now`, …) is labelled "evaluated on run" — never guessed.
 */
import type { JsonObject } from '../api/types';

export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('=');
}

export type Preview =
  | { kind: 'value'; text: string }
  | { kind: 'onRun'; reason: string }
  | { kind: 'noData' }
  | { kind: 'missing'; path: string };

export interface PreviewData {
  /** The first input item of the node from the last run, if any. */
  json: JsonObject | null;
  /** Output items (json) of every node that ran in the last run. */
  nodes: Record<string, JsonObject[]>;
}

const IDENT = /^[A-Za-z_$][\w$]*/;

/** Parses `.a`, `["a"]`, `[0]` accessors; null when the text is anything else. */
function parseAccessors(text: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  let s = text.trim();
  while (s.length) {
    if (s.startsWith('.')) {
      const m = IDENT.exec(s.slice(1));
      if (!m) return null;
      out.push(m[0]);
      s = s.slice(1 + m[0].length);
    } else if (s.startsWith('[')) {
      const m = /^\[\s*(?:(\d+)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/.exec(s);
      if (!m) return null;
      out.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3]));
      s = s.slice(m[0].length);
    } else {
      return null;
    }
  }
  return out;
}

function walk(root: unknown, path: (string | number)[]): { found: boolean; value: unknown } {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !(p in (cur as object))) return { found: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return { found: true, value: cur };
}

/** Evaluates one `{{ }}` body when it is a plain path; undefined when it is not one we can evaluate. */
export function evaluatePath(body: string, data: PreviewData): Preview {
  const src = body.trim();
  let root: unknown;
  let rest: string;
  const json = /^\$json\b/.exec(src);
  const node = /^\$\(\s*(['"])(.+?)\1\s*\)\s*\.\s*(?:item|first\(\s*\))\s*\.\s*json\b/.exec(src);
  const nodeOld = /^\$node\[\s*(['"])(.+?)\1\s*\]\s*\.\s*json\b/.exec(src);
  if (json) {
    if (!data.json) return { kind: 'noData' };
    root = data.json;
    rest = src.slice(json[0].length);
  } else if (node || nodeOld) {
    const m = (node ?? nodeOld)!;
    const items = data.nodes[m[2]];
    if (!items || !items.length) return { kind: 'noData' };
    root = items[0];
    rest = src.slice(m[0].length);
  } else {
    return { kind: 'onRun', reason: 'evaluated on run' };
  }
  const path = parseAccessors(rest);
  if (!path) return { kind: 'onRun', reason: 'evaluated on run' };
  const r = walk(root, path);
  if (!r.found) return { kind: 'missing', path: src };
  return { kind: 'value', text: typeof r.value === 'string' ? r.value : JSON.stringify(r.value) };
}

/** Preview of a whole `=…` value: the text with each `{{ }}` replaced, or why it cannot be shown. */
export function previewExpression(value: string, data: PreviewData): Preview {
  const text = value.startsWith('=') ? value.slice(1) : value;
  const parts = text.split(/(\{\{[\s\S]*?\}\})/);
  let out = '';
  for (const part of parts) {
    const m = /^\{\{([\s\S]*)\}\}$/.exec(part);
    if (!m) {
      out += part;
      continue;
    }
    const r = evaluatePath(m[1], data);
    if (r.kind !== 'value') return r;
    out += r.text;
  }
  return { kind: 'value', text: out };
}

export const ROOTS: { label: string; info: string }[] = [
  { label: '$json', info: "the current item's JSON" },
  { label: '$input', info: 'the input items: $input.item, $input.all(), $input.first()' },
  { label: "$('Node')", info: "another node's output: $('Node').item.json" },
  { label: '$now', info: 'the current date and time (Luxon DateTime)' },
  { label: '$today', info: 'midnight today (Luxon DateTime)' },
  { label: '$execution', info: 'this execution: id, mode, resumeUrl' },
  { label: '$workflow', info: 'this workflow: id, name, active' },
  { label: '$vars', info: "the instance's variables" },
  { label: '$binary', info: "the current item's binary attachments" },
  { label: '$itemIndex', info: 'the index of the current item' },
];

/** Field paths of an object, `a`, `a.b`, … up to a depth, for completion. */
export function fieldPaths(obj: unknown, depth = 3, prefix = ''): string[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || depth === 0) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = IDENT.test(k) && IDENT.exec(k)![0] === k ? (prefix ? `${prefix}.${k}` : k) : `${prefix}["${k}"]`;
    out.push(key);
    out.push(...fieldPaths(v, depth - 1, key));
  }
  return out;
}
