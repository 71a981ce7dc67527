/**
 * The descriptor rules the forms and the canvas share, written after libs/core's `Conditions`, `ParameterCheck`,
 * `NodeDescriptor.propertyAt` and `PortRule`, so the designer shows what the engine will do:
 * - `showWhen`: every entry must match; `hideWhen`: no entry may match; `@version` names the node's typeVersion.
 * - a sibling left out of the parameters counts as its default (as in the engine's port rules and n8n's forms).
 * - several properties may share a name (one per version range or per option); the first shown one wins.
 */
import type {
  DisplayRules,
  JsonObject,
  JsonValue,
  NodeDescriptor,
  PortDescriptor,
  PropertyDescriptor,
  SubInputDescriptor,
  WorkflowNode,
} from '../api/types';

export const VERSION_KEY = '@version';

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function matchesAny(actual: unknown, accepted: JsonValue[]): boolean {
  return accepted.some((a) => jsonEqual(a, actual));
}

/** Whether a property belongs to a version at all (only its `@version` rules). */
export function inVersion(p: PropertyDescriptor, version: number): boolean {
  const show = p.showWhen?.[VERSION_KEY];
  const hide = p.hideWhen?.[VERSION_KEY];
  return (!show || matchesAny(version, show)) && (!hide || !matchesAny(version, hide));
}

/**
 * The node's top level, for n8n's root-relative rule keys (`"/operation"` in a collection's option names the node's
 * `operation` parameter, not a sibling).
 */
export interface RootLevel {
  values: JsonObject | null | undefined;
  properties: PropertyDescriptor[];
}

/**
 * The value a rule sees for `key` among `siblings`: the parameter, else the default of the first such property. A key
 * starting with `/` is looked up at `root` (at the current level when no root is given: the top level itself).
 */
export function lookup(
  key: string,
  values: JsonObject | null | undefined,
  siblings: PropertyDescriptor[],
  version: number,
  root?: RootLevel | null,
): unknown {
  if (key === VERSION_KEY) return version;
  if (key.startsWith('/')) {
    const name = key.slice(1);
    return root ? lookup(name, root.values, root.properties, version) : lookup(name, values, siblings, version);
  }
  const v = values?.[key];
  if (v !== undefined && v !== null) return v;
  const spec = siblings.find((s) => s.name === key && inVersion(s, version));
  return spec && spec.default !== null ? spec.default : undefined;
}

export function rulesMatch(
  rules: DisplayRules | undefined,
  values: JsonObject | null | undefined,
  siblings: PropertyDescriptor[],
  version: number,
  mode: 'all' | 'any',
  root?: RootLevel | null,
): boolean {
  if (!rules) return mode === 'all';
  const entries = Object.entries(rules);
  const test = ([k, accepted]: [string, JsonValue[]]) => {
    const actual = lookup(k, values, siblings, version, root);
    return actual !== undefined && matchesAny(actual, accepted);
  };
  return mode === 'all' ? entries.every(test) : entries.some(test);
}

export function shown(
  p: { showWhen?: DisplayRules; hideWhen?: DisplayRules },
  values: JsonObject | null | undefined,
  siblings: PropertyDescriptor[],
  version: number,
  root?: RootLevel | null,
): boolean {
  return (
    rulesMatch(p.showWhen, values, siblings, version, 'all', root) &&
    !rulesMatch(p.hideWhen, values, siblings, version, 'any', root)
  );
}

/** The properties of a level shown for these values, one per name (the first shown wins). */
export function visibleProperties(
  properties: PropertyDescriptor[],
  values: JsonObject | null | undefined,
  version: number,
  root?: RootLevel | null,
): PropertyDescriptor[] {
  const seen = new Set<string>();
  const out: PropertyDescriptor[] = [];
  for (const p of properties) {
    if (seen.has(p.name) || !shown(p, values, properties, version, root)) continue;
    seen.add(p.name);
    out.push(p);
  }
  return out;
}

/** Default value of one property as a new parameter holds it. */
export function defaultValue(p: PropertyDescriptor): JsonValue {
  if (p.default !== null && p.default !== undefined) return clone(p.default);
  switch (p.type) {
    case 'collection':
    case 'fixedCollection':
    case 'filter':
      return p.multipleValues && p.type === 'collection' ? [] : {};
    case 'multiOptions':
      return [];
    default:
      return null;
  }
}

/**
 * The parameters a new node starts with: every shown top-level property at its default, repeated until stable
 * because a default may show further properties (n8n's `getNodeParameters` does the same).
 */
export function defaultParameters(properties: PropertyDescriptor[], version: number): JsonObject {
  const values: JsonObject = {};
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    for (const p of visibleProperties(properties, values, version)) {
      if (!(p.name in values)) {
        values[p.name] = defaultValue(p);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return values;
}

/** Defaults of one entry of a collection group (fixedCollection value or multi-valued collection). */
export function entryDefaults(group: PropertyDescriptor, version: number): JsonObject {
  const values = defaultParameters(group.children ?? [], version);
  if (hasEntryId(group)) values.id = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return values;
}

/**
 * n8n gives each entry of a list (assignments, conditions) a stable `id` string the user never edits: a string child
 * named `id` of a list entry is filled on add and not shown.
 */
export function hasEntryId(group: PropertyDescriptor): boolean {
  return (group.children ?? []).some((c) => c.name === 'id' && c.type === 'string');
}

// ---- ports ---------------------------------------------------------------------------------------------------

type PortRule = JsonObject;

function paramAt(parameters: JsonObject, path: string, descriptor: NodeDescriptor | undefined, version: number): unknown {
  let cur: unknown = parameters;
  for (const part of path.split('.')) {
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  if (cur !== undefined && cur !== null) return cur;
  const spec = descriptor ? propertyAt(descriptor.properties, path, version) : null;
  return spec && spec.default !== null ? spec.default : undefined;
}

/** The spec at a dot path (numeric segments skipped), first in the version — `NodeDescriptor.propertyAt`. */
export function propertyAt(properties: PropertyDescriptor[], path: string, version: number): PropertyDescriptor | null {
  let level = properties;
  let found: PropertyDescriptor | null = null;
  for (const part of path.split('.')) {
    if (/^\d/.test(part) && found) continue;
    found = level.find((p) => p.name === part && inVersion(p, version)) ?? null;
    if (!found) return null;
    level = found.children ?? [];
  }
  return found;
}

function numbered(count: number, name: string, displayName: string, first: number): PortDescriptor[] {
  return Array.from({ length: count }, (_, k) => {
    const i = String(k + first);
    return { name: name.replaceAll('{i}', i), displayName: displayName.replaceAll('{i}', i) };
  });
}

function collect(cur: unknown, parts: string[], at: number, out: unknown[]): void {
  if (at === parts.length) {
    out.push(cur);
  } else if (parts[at] === '*') {
    if (Array.isArray(cur)) cur.forEach((c) => collect(c, parts, at + 1, out));
  } else {
    collect(cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[parts[at]] : undefined, parts, at + 1, out);
  }
}

function asInt(v: unknown, fallback: number): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return parseInt(v, 10);
  return fallback;
}

/** Evaluates a port rule (`fixed`, `when`, `count`, `perEntry`, `maxIndex`, `labeled`, `concat`) for one node. */
export function evaluatePorts(
  rule: PortRule | undefined,
  parameters: JsonObject,
  version: number,
  descriptor?: NodeDescriptor,
): PortDescriptor[] {
  if (!rule) return [];
  const value = (path: string) => (path === VERSION_KEY ? version : paramAt(parameters, path, descriptor, version));
  if (rule.fixed) return rule.fixed as unknown as PortDescriptor[];
  if (rule.labeled) {
    const l = rule.labeled as JsonObject;
    const label = value(String(l.labelParameter));
    const text = label === undefined || label === null ? '' : String(label);
    return [{ name: String(l.name), displayName: text || String(l.displayName) }];
  }
  if (rule.count) {
    const c = rule.count as JsonObject;
    const n = parameters[String(c.parameter)];
    const count =
      typeof n === 'number' ? Math.max(Number(c.min), Math.min(Math.trunc(n), Number(c.max))) : Number(c.default);
    return numbered(count, String(c.name), String(c.displayName), Number(c.first));
  }
  if (rule.perEntry) {
    const p = rule.perEntry as JsonObject;
    const entries = value(String(p.parameter));
    if (!Array.isArray(entries)) return [];
    return entries.map((e, i) => {
      const entry = (e ?? {}) as Record<string, unknown>;
      const flag = p.labelFlag === null || p.labelFlag === undefined ? true : entry[String(p.labelFlag)] === true;
      const label = flag && entry[String(p.labelField)] != null ? String(entry[String(p.labelField)]) : '';
      return { name: String(i), displayName: label || String(i) };
    });
  }
  if (rule.maxIndex) {
    const m = rule.maxIndex as JsonObject;
    let max = Number.MIN_SAFE_INTEGER;
    for (const s of (m.sources as JsonObject[]) ?? []) {
      const found: unknown[] = [];
      collect(parameters, String(s.path).split('.'), 0, found);
      for (const v of found) max = Math.max(max, asInt(v, Number(s.fallback)));
    }
    return numbered(Math.max(max === Number.MIN_SAFE_INTEGER ? 0 : max + 1, Number(m.min)), '{i}', '{i}', 0);
  }
  if (rule.concat) {
    const c = rule.concat as JsonObject;
    const out = ((c.parts as JsonObject[]) ?? []).flatMap((p) => evaluatePorts(p, parameters, version, descriptor));
    return out.length === 0 && c.ifEmpty ? evaluatePorts(c.ifEmpty as JsonObject, parameters, version, descriptor) : out;
  }
  if (rule.when) {
    const w = rule.when as JsonObject;
    for (const c of (w.cases as JsonObject[]) ?? []) {
      const conditions = c.if as DisplayRules;
      const all = Object.entries(conditions).every(([k, accepted]) => {
        const actual = value(k);
        return actual !== undefined && matchesAny(actual, accepted);
      });
      if (all) return evaluatePorts(c.then as JsonObject, parameters, version, descriptor);
    }
    return w.otherwise ? evaluatePorts(w.otherwise as JsonObject, parameters, version, descriptor) : [];
  }
  return [];
}

/** A node's AI sub-node ports: the inputs a root shows for its parameters, and what a sub-node supplies. */
export function subPorts(
  descriptor: NodeDescriptor | undefined,
  node: WorkflowNode,
): { inputs: SubInputDescriptor[]; supplies: string[] } {
  if (!descriptor) return { inputs: [], supplies: [] };
  const inputs = (descriptor.subInputs ?? []).filter((s) =>
    rulesMatch(s.showWhen, node.parameters ?? {}, descriptor.properties, node.typeVersion, 'all'),
  );
  return { inputs, supplies: descriptor.supplies ?? [] };
}

/** Whether a connection type is a sub-node one (n8n's `ai_*`), drawn from a sub-node up into its root. */
export function isSubConnection(type: string): boolean {
  return type !== 'main';
}

export interface NodePorts {
  inputs: PortDescriptor[];
  outputs: PortDescriptor[];
  /** The error output's index among `outputs` when the node's onError routes errors to it, else -1. */
  errorIndex: number;
}

/** A node's main inputs and outputs as configured, plus the error output when `onError` asks for it. */
export function nodePorts(descriptor: NodeDescriptor | undefined, node: WorkflowNode): NodePorts {
  if (!descriptor) return { inputs: [{ name: 'main', displayName: '' }], outputs: [{ name: 'main', displayName: '' }], errorIndex: -1 };
  const inputs = evaluatePorts(descriptor.inputRule, node.parameters ?? {}, node.typeVersion, descriptor);
  const outputs = [...evaluatePorts(descriptor.outputRule, node.parameters ?? {}, node.typeVersion, descriptor)];
  let errorIndex = -1;
  const err = descriptor.errorOutput;
  if (err) {
    const settings: Record<string, unknown> = { '@onError': node.onError ?? 'stop', [VERSION_KEY]: node.typeVersion };
    const when = Object.entries(err.when ?? {}).every(([k, accepted]) => matchesAny(settings[k], accepted));
    if (when && Object.keys(err.when ?? {}).length > 0) {
      errorIndex = outputs.length;
      outputs.push({ name: err.name, displayName: err.displayName });
    }
  }
  return { inputs: descriptor.trigger ? [] : inputs, outputs, errorIndex };
}
