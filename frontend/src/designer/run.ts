/** A run in n8n's runData shape, as `GET /api/v1/executions/{id}` and the execute endpoint answer. */
import type { JsonObject } from '../api/types';

export interface Item {
  json: JsonObject;
  binary?: Record<string, { mimeType?: string; fileName?: string; fileSize?: number | string; bytes?: number; data?: string; id?: string; fileExtension?: string }>;
  pairedItem?: unknown;
}

/** Items per port, keyed by connection type: `main` for a scheduled node, an `ai_*` type for a sub-node's call. */
export type Ports = Record<string, (Item[] | null)[] | undefined>;

export interface NodeRun {
  startTime: number;
  executionTime: number;
  executionStatus: string;
  data?: Ports;
  inputData?: Ports;
  /** A sub-node's call (n8n's shape): what its root called it with, under the connection type. */
  inputOverride?: Ports;
  error?: { message: string; description?: string; node?: string } | null;
  source?: ({ previousNode: string; previousNodeOutput?: number; previousNodeRun?: number } | null)[];
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
    const items = runs.reduce((sum, r) => sum + dataPorts(r).reduce((s, p) => s + (p?.length ?? 0), 0), 0);
    const state: NodeState = last.error || last.executionStatus === 'error' ? 'error' : last.executionStatus === 'waiting' ? 'waiting' : 'success';
    out[name] = { state, items, error: last.error?.message };
  }
  return out;
}

/** The connection type a run's data is under: `main`, or the `ai_*` type a sub-node was called on. */
export function connectionOf(run: NodeRun | undefined): string {
  const keys = Object.keys(run?.data ?? run?.inputOverride ?? {});
  return keys.includes('main') || keys.length === 0 ? 'main' : keys[0];
}

/** A run's output ports, whatever connection type they are under. */
export function dataPorts(run: NodeRun | undefined): (Item[] | null)[] {
  return run?.data?.[connectionOf(run)] ?? [];
}

/** True for a call of a sub-node by its root (its data is under an `ai_*` type). */
export function isSubNodeCall(run: NodeRun | undefined): boolean {
  return connectionOf(run) !== 'main';
}

export function outputItems(run: NodeRun | undefined, output = 0): Item[] {
  return dataPorts(run)[output] ?? [];
}

/** What a node ran on: its input items, or for a sub-node's call what its root called it with (`inputOverride`). */
export function inputItems(run: NodeRun | undefined): Item[] {
  const ports = run?.inputOverride?.[connectionOf(run)] ?? run?.inputData?.main ?? [];
  return ports.flatMap((p) => p ?? []);
}
