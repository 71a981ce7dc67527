/** The studio's list-and-manage API (workflows, executions, credentials, versions) used by the pages. */
import { api, request } from './http';
import type { JsonObject, PropertyDescriptor, WorkflowDocument } from './types';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  version: number;
  active: boolean;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowProblem {
  severity: string;
  code: string;
  node: string | null;
  path: string | null;
  message: string;
}

export interface WorkflowView extends WorkflowSummary {
  workflow: WorkflowDocument;
  problems: WorkflowProblem[];
}

export interface VersionView {
  version: number;
  source: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ExecutionView {
  id: string;
  workflowId: string;
  workflowVersion: number;
  mode: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  waitTill: string | null;
  lastNodeExecuted: string | null;
  error: string | null;
  retryOf: string | null;
  /** What the Execution Data node (or `$execution.customData`) saved with the run, in the order set. */
  customData: Record<string, string>;
}

export interface Sharing {
  tenant?: boolean;
  users?: string[];
}

export interface CredentialView {
  id: string;
  name: string;
  type: string;
  data: JsonObject | null;
  unreadable?: string;
  ownerId: string;
  sharing: Sharing;
  testable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CredentialType {
  id: string;
  displayName: string;
  description?: string;
  properties: (PropertyDescriptor & { secret?: boolean })[];
  testable: boolean;
}

export const MASK = '__hetumind_masked__';

/** `?a=1&b=2` of the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const V1 = '/api/v1';

export const workflows = {
  list: (p: { name?: string; tag?: string; active?: boolean | null; limit?: number; cursor?: string | null }) =>
    api<Page<WorkflowSummary>>(`${V1}/workflows${query(p)}`),
  get: (id: string) => api<WorkflowView>(`${V1}/workflows/${id}`),
  /** A Hetumind or n8n document, JSON or YAML, as text. */
  create: (text: string) =>
    api<WorkflowView>(`${V1}/workflows`, {
      method: 'POST',
      body: text,
      headers: { 'Content-Type': text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml' },
    }),
  remove: (id: string) => api<null>(`${V1}/workflows/${id}`, { method: 'DELETE' }),
  activate: (id: string) => api<WorkflowView>(`${V1}/workflows/${id}/activate`, { method: 'POST' }),
  deactivate: (id: string) => api<WorkflowView>(`${V1}/workflows/${id}/deactivate`, { method: 'POST' }),
  exportJson: async (id: string, version?: number) =>
    (await request<unknown>(`${V1}/workflows/${id}/export${query({ version })}`)).body,
  tags: () => api<{ tag: string; workflows: number }[]>(`${V1}/tags`),
  versions: (id: string, cursor?: string | null) =>
    api<Page<VersionView>>(`${V1}/workflows/${id}/versions${query({ cursor, limit: 50 })}`),
  version: (id: string, n: number) => api<JsonObject>(`${V1}/workflows/${id}/versions/${n}`),
  rollback: (id: string, version: number) =>
    api<WorkflowView>(`${V1}/workflows/${id}/rollback`, { method: 'POST', body: { version } }),
};

export const executions = {
  list: (p: {
    workflowId?: string;
    status?: string;
    from?: string;
    to?: string;
    customDataKey?: string;
    customDataValue?: string;
    limit?: number;
    cursor?: string | null;
  }) => api<Page<ExecutionView>>(`${V1}/executions${query(p)}`),
  retry: (id: string) => api<unknown>(`${V1}/executions/${id}/retry`, { method: 'POST' }),
  cancel: (id: string) => api<unknown>(`${V1}/executions/${id}/cancel`, { method: 'POST' }),
  remove: (id: string) => api<null>(`${V1}/executions/${id}`, { method: 'DELETE' }),
};

export const credentials = {
  list: (cursor?: string | null) => api<Page<CredentialView>>(`${V1}/credentials${query({ cursor, limit: 100 })}`),
  types: () => api<CredentialType[]>(`${V1}/credential-types`),
  create: (body: { name: string; type: string; data: JsonObject; sharing?: Sharing }) =>
    api<CredentialView>(`${V1}/credentials`, { method: 'POST', body }),
  update: (id: string, body: { name?: string; data?: JsonObject; sharing?: Sharing }) =>
    api<CredentialView>(`${V1}/credentials/${id}`, { method: 'PATCH', body }),
  remove: (id: string) => api<null>(`${V1}/credentials/${id}`, { method: 'DELETE' }),
  test: (id: string) =>
    api<{ status: 'ok' | 'error'; message: string }>(`${V1}/credentials/${id}/test`, { method: 'POST' }),
};

export type TemplateParamType = 'string' | 'number' | 'boolean' | 'json';

export interface TemplateParameter {
  name: string;
  type: TemplateParamType;
  defaultValue: unknown;
  required: boolean;
  description: string | null;
}

export interface TemplateSummary {
  id: string;
  name: string;
  version: number;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateView extends TemplateSummary {
  parameters: TemplateParameter[];
  template: JsonObject;
}

export interface GalleryTemplate {
  name: string;
  version: number;
  description: string | null;
  parameters: TemplateParameter[];
  template: JsonObject;
}

export interface InstantiateBody {
  params: Record<string, unknown>;
  name?: string;
  tags?: string[];
}

export const templates = {
  list: (cursor?: string | null) => api<Page<TemplateSummary>>(`${V1}/templates${query({ cursor, limit: 50 })}`),
  get: (id: string) => api<TemplateView>(`${V1}/templates/${id}`),
  gallery: () => api<GalleryTemplate[]>(`${V1}/templates/gallery`),
  /** A template document, JSON or YAML, as text (an export of this or another instance). */
  create: (text: string) =>
    api<TemplateView>(`${V1}/templates`, {
      method: 'POST',
      body: text,
      headers: { 'Content-Type': text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml' },
    }),
  remove: (id: string) => api<null>(`${V1}/templates/${id}`, { method: 'DELETE' }),
  exportJson: async (id: string) => (await request<unknown>(`${V1}/templates/${id}/export`)).body,
  instantiate: (id: string, body: InstantiateBody) =>
    api<WorkflowView>(`${V1}/templates/${id}/instantiate`, { method: 'POST', body }),
  instantiateGallery: (name: string, body: InstantiateBody) =>
    api<WorkflowView>(`${V1}/templates/gallery/${encodeURIComponent(name)}/instantiate`, { method: 'POST', body }),
};
