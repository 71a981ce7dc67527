/**
 * The designer's document model: the workflow in n8n's shape, the node catalog, the selection, undo/redo, and the
 * last run's data. Every edit goes through an action that records an undo step first.
 */
import { defineStore } from 'pinia';
import { api, ApiError, request } from '../api/http';
import type { JsonObject, NodeDescriptor, WorkflowDocument, WorkflowNode } from '../api/types';
import { defaultParameters } from '../forms/rules';
import {
  autoLayout,
  connect,
  copyNodes,
  disconnect,
  emptyDocument,
  newId,
  pasteNodes,
  removeNodes,
  renameNode,
  uniqueName,
  type Clipboard,
  type Link,
} from './document';
import { statusesFrom, type ExecutionDetail, type NodeRun, type NodeStatus } from './run';

export interface Problem {
  severity: string;
  code: string;
  node?: string | null;
  path?: string | null;
  message: string;
}

interface WorkflowView {
  id: string;
  name: string;
  version: number;
  active: boolean;
  tags: string[];
  workflow: WorkflowDocument;
  problems: Problem[];
}

const HISTORY = 100;

/** A new node's name: the display name without its parenthesised remark ("Edit Fields (Set)" → "Edit Fields"). */
export function defaultNodeName(d: NodeDescriptor | undefined, type: string): string {
  return (d?.displayName ?? type).replace(/\s*\([^)]*\)\s*$/, '') || type;
}

export const useDesigner = defineStore('designer', {
  state: () => ({
    id: null as string | null,
    version: null as number | null,
    doc: emptyDocument() as WorkflowDocument,
    dirty: false,
    descriptors: {} as Record<string, NodeDescriptor>,
    selected: [] as string[],
    past: [] as string[],
    future: [] as string[],
    /** Coalesces bursts of edits of one field into one undo step. */
    lastEditKey: '' as string,
    lastEditAt: 0,
    problems: [] as Problem[],
    execution: null as { id: string; status: string } | null,
    statuses: {} as Record<string, NodeStatus>,
    runData: {} as Record<string, NodeRun[]>,
    /** Nodes a run from here pauses before (this session's, not saved with the workflow). */
    breakpoints: [] as string[],
    /** Where the followed execution is held at a breakpoint, if it is. */
    held: null as { node: string; when: 'before' | 'after' } | null,
  }),
  getters: {
    nodeByName: (s) => (name: string) => s.doc.nodes.find((n) => n.name === name),
    descriptorOf: (s) => (type: string): NodeDescriptor | undefined => s.descriptors[type] ?? Object.values(s.descriptors).find((d) => d.aliases?.includes(type)),
    canUndo: (s) => s.past.length > 0,
    canRedo: (s) => s.future.length > 0,
    problemsByNode: (s) => {
      const out: Record<string, Problem[]> = {};
      for (const p of s.problems) if (p.node) (out[p.node] ??= []).push(p);
      return out;
    },
  },
  actions: {
    setDescriptors(list: NodeDescriptor[]) {
      this.descriptors = Object.fromEntries(list.map((d) => [d.type, d]));
    },
    async loadDescriptors() {
      if (Object.keys(this.descriptors).length === 0) this.setDescriptors(await api<NodeDescriptor[]>('/api/v1/node-types'));
    },
    load(doc: WorkflowDocument, id: string | null = null, version: number | null = null) {
      this.doc = { ...emptyDocument(), ...doc, connections: doc.connections ?? {}, nodes: doc.nodes ?? [] };
      this.id = id;
      this.version = version;
      this.dirty = false;
      this.past = [];
      this.future = [];
      this.selected = [];
      this.statuses = {};
      this.runData = {};
      this.execution = null;
      this.breakpoints = [];
      this.held = null;
    },
    toggleBreakpoint(name: string) {
      this.breakpoints = this.breakpoints.includes(name) ? this.breakpoints.filter((n) => n !== name) : [...this.breakpoints, name];
    },

    // ---- undo/redo -----------------------------------------------------------------------------------------
    snapshot(key = '') {
      const now = Date.now();
      if (key && key === this.lastEditKey && now - this.lastEditAt < 1500) {
        this.lastEditAt = now;
        return;
      }
      this.lastEditKey = key;
      this.lastEditAt = now;
      this.past.push(JSON.stringify(this.doc));
      if (this.past.length > HISTORY) this.past.shift();
      this.future = [];
      this.dirty = true;
    },
    undo() {
      const prev = this.past.pop();
      if (prev === undefined) return;
      this.future.push(JSON.stringify(this.doc));
      this.doc = JSON.parse(prev);
      this.lastEditKey = '';
      this.dirty = true;
      this.selected = this.selected.filter((n) => this.doc.nodes.some((x) => x.name === n));
    },
    redo() {
      const next = this.future.pop();
      if (next === undefined) return;
      this.past.push(JSON.stringify(this.doc));
      this.doc = JSON.parse(next);
      this.lastEditKey = '';
      this.dirty = true;
    },

    // ---- edits ---------------------------------------------------------------------------------------------
    addNode(type: string, position: [number, number], extra: Partial<WorkflowNode> = {}): WorkflowNode {
      const d = this.descriptorOf(type);
      const version = extra.typeVersion ?? (d ? d.versions[d.versions.length - 1] : 1);
      this.snapshot();
      const node: WorkflowNode = {
        id: newId(),
        name: uniqueName(extra.name ?? defaultNodeName(d, type), this.doc.nodes.map((n) => n.name)),
        type: d?.type ?? type,
        typeVersion: version,
        position: [Math.round(position[0]), Math.round(position[1])],
        parameters: extra.parameters ?? (d ? defaultParameters(d.properties, version) : {}),
      };
      this.doc.nodes.push(node);
      this.selected = [node.name];
      return node;
    },
    /** Adds a node after `from` (its first output), as a click in the palette does with a node selected. */
    addNodeAfter(type: string, from: string | null): WorkflowNode {
      const src = from ? this.nodeByName(from) : undefined;
      const pos: [number, number] = src
        ? [src.position[0] + 260, src.position[1]]
        : [200 + 260 * this.doc.nodes.filter((n) => !n.type.endsWith('stickyNote')).length, 300];
      const node = this.addNode(type, pos);
      const d = this.descriptorOf(type);
      if (src && d && !d.trigger && (d.inputs?.length ?? 1) > 0) connect(this.doc, { source: src.name, type: 'main', output: 0, target: node.name, input: 0 });
      return node;
    },
    connect(l: Link): boolean {
      const snapshot = JSON.stringify(this.doc);
      if (!connect(this.doc, l)) return false;
      this.past.push(snapshot);
      this.future = [];
      this.dirty = true;
      return true;
    },
    disconnect(l: Link) {
      this.snapshot();
      disconnect(this.doc, l);
    },
    remove(names: string[]) {
      if (!names.length) return;
      this.snapshot();
      removeNodes(this.doc, names);
      this.selected = this.selected.filter((n) => !names.includes(n));
      this.breakpoints = this.breakpoints.filter((n) => !names.includes(n));
    },
    rename(from: string, to: string): string {
      const wanted = to.trim();
      if (!wanted || wanted === from) return from;
      if (this.doc.nodes.some((n) => n.name === wanted)) throw new Error(`A node named "${wanted}" already exists`);
      this.snapshot();
      const name = renameNode(this.doc, from, wanted);
      this.selected = this.selected.map((n) => (n === from ? name : n));
      this.breakpoints = this.breakpoints.map((n) => (n === from ? name : n));
      if (this.runData[from]) {
        this.runData[name] = this.runData[from];
        delete this.runData[from];
      }
      if (this.statuses[from]) {
        this.statuses[name] = this.statuses[from];
        delete this.statuses[from];
      }
      return name;
    },
    updateNode(name: string, patch: Partial<WorkflowNode>) {
      const node = this.nodeByName(name);
      if (!node) return;
      this.snapshot(`${name}:${Object.keys(patch).join(',')}`);
      Object.assign(node, patch);
    },
    move(name: string, position: [number, number]) {
      const node = this.nodeByName(name);
      if (!node || (node.position[0] === position[0] && node.position[1] === position[1])) return;
      this.snapshot(`move:${name}`);
      node.position = [Math.round(position[0]), Math.round(position[1])];
    },
    setName(name: string) {
      if (name.trim() && name !== this.doc.name) {
        this.snapshot('name');
        this.doc.name = name.trim();
      }
    },
    copy(names: string[]): Clipboard {
      return copyNodes(this.doc, names);
    },
    paste(clip: Clipboard, at?: [number, number]): string[] {
      if (!clip.nodes.length) return [];
      this.snapshot();
      // n8n type names (n8n-nodes-base.set) become ours, as the studio's import does
      const nodes = clip.nodes.map((n) => ({ ...n, type: this.descriptorOf(n.type)?.type ?? n.type }));
      const added = pasteNodes(this.doc, { ...clip, nodes }, at);
      this.selected = added;
      return added;
    },
    layout() {
      this.snapshot();
      autoLayout(this.doc);
    },
    pin(name: string, items: JsonObject[] | null) {
      this.snapshot();
      this.doc.pinData ??= {};
      if (items) this.doc.pinData[name] = items.map((json) => ({ json }));
      else delete this.doc.pinData[name];
    },

    // ---- server --------------------------------------------------------------------------------------------
    async open(id: string) {
      const r = await request<WorkflowView>(`/api/v1/workflows/${encodeURIComponent(id)}`);
      this.load({ ...r.body.workflow, name: r.body.name, tags: r.body.tags }, r.body.id, r.body.version);
      this.problems = r.body.problems ?? [];
    },
    /** POST for a new workflow, PUT with `If-Match` of the version we edited otherwise; conflicts in words. */
    async save(): Promise<string> {
      const body = { ...this.doc, id: undefined, version: undefined };
      try {
        const r = this.id
          ? await request<WorkflowView>(`/api/v1/workflows/${encodeURIComponent(this.id)}`, {
              method: 'PUT',
              body,
              headers: { 'If-Match': `"${this.version}"` },
            })
          : await request<WorkflowView>('/api/v1/workflows', { method: 'POST', body });
        this.id = r.body.id;
        this.version = r.body.version;
        this.problems = r.body.problems ?? [];
        this.dirty = false;
        return r.body.id;
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          throw new ApiError(409, `Someone saved this workflow after you opened it (you edited version ${this.version}). Reload it to see their changes; your edits stay here until you do. (${e.message})`, e.problem);
        }
        if (e instanceof ApiError && e.status === 428) {
          throw new ApiError(428, 'The studio needs to know which version you edited; reload the workflow and save again.', e.problem);
        }
        throw e;
      }
    },
    async validate() {
      const r = await api<{ valid: boolean; problems: Problem[] }>('/api/v1/workflows/validate', { method: 'POST', body: this.doc });
      this.problems = r.problems ?? [];
      return r;
    },
    showRun(detail: Pick<ExecutionDetail, 'runData'> & { id?: string; status?: string }) {
      this.runData = detail.runData ?? {};
      this.statuses = statusesFrom(this.runData);
      if (detail.id) this.execution = { id: detail.id, status: detail.status ?? 'unknown' };
    },
  },
});
