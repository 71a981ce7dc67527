/**
 * Pure operations on a workflow document in n8n's shape: connections are keyed by the source node's *name*, then
 * connection type, then output index, so adding, removing and renaming nodes must rewrite them — as n8n does.
 */
import type { ConnectionTarget, Connections, JsonObject, JsonValue, WorkflowDocument, WorkflowNode } from '../api/types';

export const STICKY = 'hetumind.stickyNote';
const STICKY_TYPES = new Set([STICKY, 'n8n-nodes-base.stickyNote']);
export const isSticky = (n: { type: string }) => STICKY_TYPES.has(n.type);

export function newId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

/** n8n's rule: a taken name gets the first free number appended to it, its own trailing digits dropped first. */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(wanted)) return wanted;
  const base = wanted.replace(/\d+$/, '');
  for (let i = 1; ; i++) {
    const candidate = `${base}${i}`;
    if (!names.has(candidate)) return candidate;
  }
}

export function emptyDocument(name = 'My workflow'): WorkflowDocument {
  return { name, nodes: [], connections: {}, settings: {}, pinData: {} };
}

export interface Link {
  source: string;
  type: string;
  output: number;
  target: string;
  input: number;
}

/** Every connection as a flat list. */
export function links(connections: Connections): Link[] {
  const out: Link[] = [];
  for (const [source, byType] of Object.entries(connections ?? {})) {
    for (const [type, outputs] of Object.entries(byType ?? {})) {
      (outputs ?? []).forEach((targets, output) => {
        for (const t of targets ?? []) out.push({ source, type, output, target: t.node, input: t.index ?? 0 });
      });
    }
  }
  return out;
}

/** Builds connections from links, keeping n8n's shape (sparse outputs are empty lists). */
export function fromLinks(list: Link[]): Connections {
  const c: Connections = {};
  for (const l of list) {
    const byType = (c[l.source] ??= {});
    const outputs = (byType[l.type] ??= []);
    while (outputs.length <= l.output) outputs.push([]);
    const targets = (outputs[l.output] ??= []);
    if (!targets.some((t) => t.node === l.target && t.index === l.input && t.type === l.type)) {
      targets.push({ node: l.target, type: l.type, index: l.input } satisfies ConnectionTarget);
    }
  }
  return c;
}

export function connect(doc: WorkflowDocument, l: Link): boolean {
  if (l.source === l.target) return false;
  const all = links(doc.connections);
  if (all.some((x) => x.source === l.source && x.type === l.type && x.output === l.output && x.target === l.target && x.input === l.input)) {
    return false;
  }
  doc.connections = fromLinks([...all, l]);
  return true;
}

export function disconnect(doc: WorkflowDocument, l: Link): void {
  doc.connections = fromLinks(
    links(doc.connections).filter(
      (x) => !(x.source === l.source && x.type === l.type && x.output === l.output && x.target === l.target && x.input === l.input),
    ),
  );
}

export function removeNodes(doc: WorkflowDocument, names: string[]): void {
  const gone = new Set(names);
  doc.nodes = doc.nodes.filter((n) => !gone.has(n.name));
  doc.connections = fromLinks(links(doc.connections).filter((l) => !gone.has(l.source) && !gone.has(l.target)));
  if (doc.pinData) for (const n of names) delete doc.pinData[n];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites `$('Old')`, `$node["Old"]` and `$items("Old")` in every expression of a value. */
export function renameInValue(v: JsonValue, from: string, to: string): JsonValue {
  if (typeof v === 'string') {
    if (!v.startsWith('=') && !v.includes('$')) return v;
    const f = escapeRegExp(from);
    return v
      .replace(new RegExp(`\\$\\(\\s*(['"])${f}\\1\\s*\\)`, 'g'), (_m, q: string) => `$(${q}${to}${q})`)
      .replace(new RegExp(`\\$node\\[\\s*(['"])${f}\\1\\s*\\]`, 'g'), (_m, q: string) => `$node[${q}${to}${q}]`)
      .replace(new RegExp(`\\$items\\(\\s*(['"])${f}\\1`, 'g'), (_m, q: string) => `$items(${q}${to}${q}`);
  }
  if (Array.isArray(v)) return v.map((x) => renameInValue(x, from, to));
  if (v && typeof v === 'object') {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = renameInValue(x, from, to);
    return out;
  }
  return v;
}

/** Renames a node and everything that names it: connections (keys and targets), pinned data, expressions. */
export function renameNode(doc: WorkflowDocument, from: string, wanted: string): string {
  const to = wanted.trim();
  if (!to || to === from) return from;
  if (doc.nodes.some((n) => n.name === to)) throw new Error(`A node named "${to}" already exists`);
  doc.connections = fromLinks(
    links(doc.connections).map((l) => ({ ...l, source: l.source === from ? to : l.source, target: l.target === from ? to : l.target })),
  );
  for (const n of doc.nodes) {
    if (n.name === from) n.name = to;
    n.parameters = renameInValue(n.parameters, from, to) as JsonObject;
  }
  if (doc.pinData && from in doc.pinData) {
    doc.pinData[to] = doc.pinData[from];
    delete doc.pinData[from];
  }
  return to;
}

export interface Clipboard {
  nodes: WorkflowNode[];
  connections: Connections;
  pinData?: WorkflowDocument['pinData'];
}

/** n8n's clipboard JSON for the selected nodes: the nodes and the connections among them. */
export function copyNodes(doc: WorkflowDocument, names: string[]): Clipboard {
  const picked = new Set(names);
  return {
    nodes: JSON.parse(JSON.stringify(doc.nodes.filter((n) => picked.has(n.name)))),
    connections: fromLinks(links(doc.connections).filter((l) => picked.has(l.source) && picked.has(l.target))),
  };
}

/** Reads pasted text: n8n's clipboard JSON or a whole export (`{nodes, connections}` either way); null otherwise. */
export function parseClipboard(text: string): Clipboard | null {
  try {
    const v = JSON.parse(text) as Partial<Clipboard>;
    if (!v || typeof v !== 'object' || !Array.isArray(v.nodes)) return null;
    if (!v.nodes.every((n) => n && typeof n === 'object' && typeof n.name === 'string' && typeof n.type === 'string')) return null;
    return { nodes: v.nodes, connections: v.connections ?? {}, pinData: v.pinData };
  } catch {
    return null;
  }
}

/**
 * Adds pasted nodes: clashing names get n8n's numbered names ("HTTP Request1") and the pasted connections and
 * expressions follow; new ids; positions shifted so the group's top-left lands at `at` (when given).
 */
export function pasteNodes(doc: WorkflowDocument, clip: Clipboard, at?: [number, number]): string[] {
  const taken = new Set(doc.nodes.map((n) => n.name));
  const renames = new Map<string, string>();
  for (const n of clip.nodes) {
    const name = uniqueName(n.name, taken);
    taken.add(name);
    renames.set(n.name, name);
  }
  const xs = clip.nodes.map((n) => n.position?.[0] ?? 0);
  const ys = clip.nodes.map((n) => n.position?.[1] ?? 0);
  const dx = at ? at[0] - Math.min(...xs) : 0;
  const dy = at ? at[1] - Math.min(...ys) : 0;
  const added: WorkflowNode[] = clip.nodes.map((n) => {
    let parameters = JSON.parse(JSON.stringify(n.parameters ?? {})) as JsonObject;
    for (const [from, to] of renames) if (from !== to) parameters = renameInValue(parameters, from, to) as JsonObject;
    return {
      ...JSON.parse(JSON.stringify(n)),
      id: newId(),
      name: renames.get(n.name)!,
      typeVersion: n.typeVersion ?? 1,
      position: [(n.position?.[0] ?? 0) + dx, (n.position?.[1] ?? 0) + dy],
      parameters,
    };
  });
  doc.nodes.push(...added);
  const pasted = links(clip.connections).filter((l) => renames.has(l.source) && renames.has(l.target));
  doc.connections = fromLinks([
    ...links(doc.connections),
    ...pasted.map((l) => ({ ...l, source: renames.get(l.source)!, target: renames.get(l.target)! })),
  ]);
  if (clip.pinData) {
    doc.pinData ??= {};
    for (const [k, v] of Object.entries(clip.pinData)) if (renames.has(k)) doc.pinData[renames.get(k)!] = v;
  }
  return added.map((n) => n.name);
}

/**
 * A simple layered layout (longest path from the triggers, left to right; order inside a layer by the average
 * position of the parents, to cut crossings). Sticky notes stay where they are.
 */
export function autoLayout(doc: WorkflowDocument, spacing: [number, number] = [260, 140]): void {
  const nodes = doc.nodes.filter((n) => !isSticky(n));
  const all = links(doc.connections);
  const layer = new Map<string, number>(nodes.map((n) => [n.name, 0]));
  // longest path, bounded so cycles (loops) terminate
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const l of all) {
      const s = layer.get(l.source);
      const t = layer.get(l.target);
      if (s === undefined || t === undefined) continue;
      if (t < s + 1 && s + 1 < nodes.length) {
        layer.set(l.target, s + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const layers: string[][] = [];
  for (const n of nodes) (layers[layer.get(n.name)!] ??= []).push(n.name);
  const row = new Map<string, number>();
  layers.forEach((names, i) => {
    if (i > 0) {
      const weight = (name: string) => {
        const parents = all.filter((l) => l.target === name && row.has(l.source)).map((l) => row.get(l.source)! + l.output * 0.01);
        return parents.length ? parents.reduce((a, b) => a + b, 0) / parents.length : Number.MAX_SAFE_INTEGER;
      };
      names.sort((a, b) => weight(a) - weight(b));
    }
    names.forEach((n, k) => row.set(n, k));
  });
  const byName = new Map(nodes.map((n) => [n.name, n]));
  // lay out from where the nodes already start, so the graph does not jump under the notes around it
  const x0 = nodes.length ? Math.min(...nodes.map((n) => n.position[0])) : 200;
  const y0 = nodes.length ? Math.min(...nodes.map((n) => n.position[1])) : 300;
  const widest = Math.max(0, ...layers.map((l) => l.length));
  layers.forEach((names, i) => {
    const offset = ((widest - names.length) * spacing[1]) / 2;
    names.forEach((name, k) => {
      byName.get(name)!.position = [x0 + i * spacing[0], y0 + offset + k * spacing[1]];
    });
  });
}
