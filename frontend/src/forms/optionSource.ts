/**
 * Choices computed by the studio (n8n's `loadOptionsMethod`): a property whose `typeOptions.loadOptions` names a node
 * type's option loader gets its options from `POST /api/v1/node-types/{type}/options`, sent the node's current
 * parameters, version and chosen credentials. The parameter panel provides the source; without one (descriptor tests,
 * read-only views) properties keep their fixed options.
 */
import { inject, onBeforeUnmount, provide, ref, shallowRef, watch, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import { api } from '../api/http';
import type { JsonObject, JsonValue, PropertyDescriptor, WorkflowNode } from '../api/types';

export interface LoadedOption {
  name: string;
  value: JsonValue;
  description?: string;
}

export interface OptionsAnswer {
  options: LoadedOption[];
  truncated?: boolean;
}

/** The node whose properties load their options, as the panel sees it now. */
export interface OptionSource {
  node(): WorkflowNode;
  /** Calls the loader; tests pass a fake, the panel {@link fetchOptions}. */
  load(type: string, body: OptionsRequest): Promise<OptionsAnswer>;
}

export interface OptionsRequest {
  method: string;
  version: number;
  parameters: JsonObject;
  credentials: Record<string, string>;
}

const KEY: InjectionKey<OptionSource | null> = Symbol('hetumind-option-source');

export function provideOptionSource(source: OptionSource | null): void {
  provide(KEY, source);
}

/** The studio's loader endpoint. */
export function fetchOptions(type: string, body: OptionsRequest, signal?: AbortSignal): Promise<OptionsAnswer> {
  return api<OptionsAnswer>(`/api/v1/node-types/${encodeURIComponent(type)}/options`, { method: 'POST', body, signal });
}

/** The loader a property names, if any. */
export function loaderOf(prop: PropertyDescriptor): string | undefined {
  const m = prop.typeOptions?.loadOptions;
  return typeof m === 'string' && m !== '' ? m : undefined;
}

function at(params: JsonObject, path: string): JsonValue | undefined {
  let v: JsonValue | undefined = params;
  for (const k of path.split('.')) {
    if (v == null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as JsonObject)[k];
  }
  return v;
}

/** The request for `method`: credentials by type → id, as the node has them chosen. */
export function optionsRequest(node: WorkflowNode, method: string): OptionsRequest {
  const credentials: Record<string, string> = {};
  for (const [type, ref] of Object.entries(node.credentials ?? {})) {
    if (ref?.id) credentials[type] = ref.id;
  }
  return { method, version: node.typeVersion, parameters: node.parameters ?? {}, credentials };
}

export interface LoadedOptions {
  /** False when no source is provided or the property names no loader: use the descriptor's options. */
  active: boolean;
  options: ShallowRef<LoadedOption[]>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  truncated: Ref<boolean>;
  refresh(): void;
}

/**
 * The options of `prop`, loaded when the component mounts and again whenever what they depend on changes: the
 * `loadOptionsDependsOn` parameters, the version and the chosen credentials (other edits do not reload). An answer
 * that arrives after a newer request was sent is dropped. Nothing loads while `wanted()` is false (a resource locator
 * not in list mode).
 */
export function useLoadedOptions(prop: PropertyDescriptor, wanted: () => boolean = () => true): LoadedOptions {
  const source = inject(KEY, null);
  const method = loaderOf(prop);
  const options = shallowRef<LoadedOption[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const truncated = ref(false);
  if (!source || !method) {
    return { active: false, options, loading, error, truncated, refresh: () => {} };
  }
  const raw: unknown = prop.typeOptions?.loadOptionsDependsOn;
  const deps: string[] = Array.isArray(raw) ? raw.filter((d): d is string => typeof d === 'string') : [];
  let seq = 0;
  let alive = true;
  async function refresh() {
    const mine = ++seq;
    const node = source!.node();
    loading.value = true;
    error.value = null;
    try {
      const answer = await source!.load(node.type, optionsRequest(node, method!));
      if (mine !== seq || !alive) return;
      options.value = answer.options ?? [];
      truncated.value = answer.truncated === true;
    } catch (e) {
      if (mine !== seq || !alive) return;
      options.value = [];
      error.value = (e as Error).message || 'the options could not be loaded';
    } finally {
      if (mine === seq && alive) loading.value = false;
    }
  }
  watch(
    () => {
      if (!wanted()) return null;
      const node = source.node();
      return JSON.stringify([node.typeVersion, optionsRequest(node, method).credentials, deps.map((d) => at(node.parameters ?? {}, d) ?? null)]);
    },
    (key) => {
      if (key !== null) void refresh();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    alive = false;
  });
  return { active: true, options, loading, error, truncated, refresh: () => void refresh() };
}
