/**
 * The task-server's API through the studio's `/tasks` pass-through (one origin; the bearer token goes with every call
 * and the task-server checks it): jobs, their schedules, task runs (instances) with paged logs, and agents.
 */
import { api } from './http';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Job {
  id: string;
  namespace: string;
  name: string;
  command: string;
  args: string[];
  timeoutMs: number;
  maxRetries: number;
  labels: Record<string, string>;
  createdAt: string;
}

export interface JobDraft {
  name: string;
  namespace: string;
  command: string;
  args: string[];
  timeoutMs?: number;
  maxRetries?: number;
  labels?: Record<string, string>;
}

export interface Schedule {
  id: string;
  jobId: string;
  kind: string;
  cron: string | null;
  timeZone: string | null;
  runAt: string | null;
  enabled: boolean;
  lastFiredAt: string | null;
}

export interface Instance {
  id: string;
  jobId: string;
  taskId: string;
  attempt: number;
  status: string;
  agentId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  cpuTimeMs: number | null;
  maxRssKb: number | null;
  message: string | null;
  createdAt: string;
}

export interface LogLine {
  seq: number;
  stream: string;
  line: string;
  at: string;
}

export interface LogPage {
  lines: LogLine[];
  nextAfter: number;
  complete: boolean;
}

export interface Agent {
  id: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  os: string | null;
  maxConcurrency: number;
  state: string;
  mode: string | null;
  lastHeartbeatAt: string | null;
  cpuLoad: number | null;
  memoryUsed: number | null;
  memoryTotal: number | null;
  running: number;
}

const BASE = '/tasks/api/v1';
const q = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};
const id = (value: string) => encodeURIComponent(value);

export const scheduler = {
  jobs: (cursor?: string | null) => api<Page<Job>>(`${BASE}/jobs${q({ limit: 50, cursor })}`),
  createJob: (draft: JobDraft) => api<Job>(`${BASE}/jobs`, { method: 'POST', body: draft }),
  deleteJob: (jobId: string) => api<void>(`${BASE}/jobs/${id(jobId)}`, { method: 'DELETE' }),
  trigger: (jobId: string) => api<unknown>(`${BASE}/jobs/${id(jobId)}/trigger`, { method: 'POST' }),
  schedules: (jobId: string) => api<Schedule[]>(`${BASE}/jobs/${id(jobId)}/schedules`),
  addCron: (jobId: string, cron: string, timeZone: string) =>
    api<Schedule>(`${BASE}/jobs/${id(jobId)}/schedules`, { method: 'POST', body: { kind: 'cron', cron, timeZone } }),
  setEnabled: (scheduleId: string, enabled: boolean) =>
    api<Schedule>(`${BASE}/schedules/${id(scheduleId)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }),
  instances: (filter: { jobId?: string; status?: string; cursor?: string | null }) =>
    api<Page<Instance>>(`${BASE}/task-instances${q({ limit: 50, ...filter })}`),
  cancel: (instanceId: string) => api<Instance>(`${BASE}/task-instances/${id(instanceId)}/cancel`, { method: 'POST' }),
  retry: (instanceId: string) => api<Instance>(`${BASE}/task-instances/${id(instanceId)}/retry`, { method: 'POST' }),
  logs: (instanceId: string, after: number) =>
    api<LogPage>(`${BASE}/task-instances/${id(instanceId)}/logs${q({ after, limit: 1000 })}`),
  agents: () => api<Page<Agent>>(`${BASE}/agents${q({ limit: 200 })}`),
  agentAction: (agentId: string, action: 'drain' | 'resume' | 'disable' | 'enable') =>
    api<Agent>(`${BASE}/agents/${id(agentId)}/${action}`, { method: 'POST' }),
};

/** Splits a command line's arguments as a shell would for simple cases: spaces, and "…" or '…' quoting. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let any = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += ch;
      any = true;
    }
  }
  if (quote) throw new Error('an argument has an unclosed quote');
  if (cur || any) out.push(cur);
  return out;
}

/** Appends a page of log lines to what is shown, keeping at most `max` lines (the tail). */
export function appendTail(shown: LogLine[], page: LogLine[], max = 2000): LogLine[] {
  const seen = shown.length ? shown[shown.length - 1].seq : -1;
  const merged = shown.concat(page.filter((l) => l.seq > seen));
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}
