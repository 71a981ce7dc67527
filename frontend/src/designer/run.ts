/** A run in n8n's runData shape, as `GET /api/v1/executions/{id}` and the execute endpoint answer. */
import type { JsonObject } from '../api/types';

export interface Item {
  json: JsonObject;
  binary?: Record<string, { mimeType?: string; fileName?: string; fileSize?: number | string; data?: string; id?: string; fileExtension?: string }>;
  pairedItem?: unknown;
}

export interface NodeRun {
  startTime: number;
  executionTime: number;
  executionStatus: string;
  data?: { main?: (Item[] | null)[] };
  inputData?: { main?: (Item[] | null)[] };
  error?: { message: string; description?: string; node?: string } | null;
  source?: ({ previousNode: string; previousNodeOutput?: number } | null)[];
  console?: string[];
  /** CPU milliseconds and bytes allocated, when the studio profiles nodes. */
  cpuTime?: number;
  allocatedBytes?: number;
}

export interface ExecutionDetail {
  id: string;
  workflowId: string;
  workflowVersion: number;
  mode: string;
  status: string;
  createdAt: string;
  startedAt?: string | null;
  stoppedAt?: string | null;
  runData: Record<string, NodeRun[]>;
  lastNodeExecuted?: string | null;
  error?: { message: string; node?: string } | null;
  /** Why a waiting execution waits: `breakpoint` when held by the debugger. */
  waitReason?: string | null;
}

export type NodeState = 'running' | 'success' | 'error' | 'waiting';

export interface NodeStatus {
  state: NodeState;
  /** Items on all outputs of the last run of the node. */
  items?: number;
  error?: string;
}

export const FINAL = new Set(['success', 'error', 'canceled', 'crashed']);

/** Badges from a finished or partial run. */
export function statusesFrom(runData: Record<string, NodeRun[]>): Record<string, NodeStatus> {
  const out: Record<string, NodeStatus> = {};
  for (const [name, runs] of Object.entries(runData ?? {})) {
    const last = runs[runs.length - 1];
    if (!last) continue;
    const items = runs.reduce((sum, r) => sum + (r.data?.main ?? []).reduce((s, p) => s + (p?.length ?? 0), 0), 0);
    const state: NodeState = last.error || last.executionStatus === 'error' ? 'error' : last.executionStatus === 'waiting' ? 'waiting' : 'success';
    out[name] = { state, items, error: last.error?.message };
  }
  return out;
}

export function outputItems(run: NodeRun | undefined, output = 0): Item[] {
  return run?.data?.main?.[output] ?? [];
}

export function inputItems(run: NodeRun | undefined): Item[] {
  return (run?.inputData?.main ?? []).flatMap((p) => p ?? []);
}
