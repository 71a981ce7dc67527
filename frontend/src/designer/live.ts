/**
 * Follows one execution: the studio's WebSocket (`/ws/executions/{id}`, token as the `bearer.<token>` subprotocol)
 * for node badges as they happen, and the executions API for the data — read once the socket is open (events sent
 * before it are not replayed), at the end, and every couple of seconds in case the socket is refused or drops.
 */
import { api, currentAccessToken } from '../api/http';
import { FINAL, type ExecutionDetail, type NodeState } from './run';

export interface LiveEvent {
  type: 'status' | 'nodeStarted' | 'nodeFinished';
  node?: string | null;
  status?: string | null;
  executionId?: string;
}

export interface Follower {
  stop(): void;
}

export function followExecution(
  executionId: string,
  handlers: {
    node(name: string, state: NodeState): void;
    detail(d: ExecutionDetail): void;
    error(message: string): void;
  },
): Follower {
  let stopped = false;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };

  const fetchDetail = async () => {
    if (stopped) return;
    try {
      const d = await api<ExecutionDetail>(`/api/v1/executions/${encodeURIComponent(executionId)}`);
      if (stopped) return;
      handlers.detail(d);
      if (FINAL.has(d.status)) return stop();
    } catch (e) {
      handlers.error((e as Error).message);
    }
    if (!stopped) timer = setTimeout(fetchDetail, 2000);
  };

  try {
    const token = currentAccessToken();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws/executions/${encodeURIComponent(executionId)}`, token ? ['hetumind', `bearer.${token}`] : ['hetumind']);
    socket.onopen = () => void fetchNow();
    socket.onmessage = (m) => {
      let e: LiveEvent;
      try {
        e = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (e.type === 'nodeStarted' && e.node) handlers.node(e.node, 'running');
      else if (e.type === 'nodeFinished' && e.node) handlers.node(e.node, e.status === 'error' ? 'error' : e.status === 'waiting' ? 'waiting' : 'success');
      else if (e.type === 'status' && e.status && (FINAL.has(e.status) || e.status === 'waiting')) void fetchNow();
    };
  } catch {
    // no socket: the polling below still follows the run
  }
  const fetchNow = async () => {
    if (timer) clearTimeout(timer);
    await fetchDetail();
  };
  timer = setTimeout(fetchDetail, 300);
  return { stop };
}
