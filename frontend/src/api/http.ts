/**
 * The one way the designer talks to the studio (and, through the studio's `/iam` pass-through, to IAM).
 *
 * - JSON in and out; the access token of the signed-in user is attached to every call.
 * - A 401 triggers one silent refresh and one retry; if the refresh fails the user is signed out.
 * - Every failure becomes an {@link ApiError} whose `message` is words a person can read: the problem's `detail`
 *   (RFC 9457, which the studio and IAM answer with), else its `title`, else the HTTP status text. Raw JSON is never
 *   shown to users.
 */

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Validation reports and other extensions the services add. */
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the HTTP layer needs from whoever holds the session (the auth store); set once at start-up. */
export interface AuthProvider {
  accessToken(): string | null;
  /** Gets a fresh access token with the refresh token; false when the session is over. */
  refresh(): Promise<boolean>;
  /** Called when the session cannot be refreshed: forget tokens and go to sign-in. */
  signedOut(): void;
}

let auth: AuthProvider | null = null;

export function setAuthProvider(provider: AuthProvider): void {
  auth = provider;
}

export interface RequestOptions {
  method?: string;
  /** Serialised as JSON unless it is a string (sent as is, e.g. pasted YAML). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Skip the Authorization header (sign-in, sign-up, refresh). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API and returns status, headers and the parsed body; throws {@link ApiError} on any non-2xx answer. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  let response = await send(path, options);
  if (response.status === 401 && !options.anonymous && auth) {
    if (await auth.refresh()) {
      response = await send(path, options);
    } else {
      auth.signedOut();
    }
  }
  const body = await readBody(response);
  if (!response.ok) {
    throw toError(response, body);
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** The body of a successful call. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).body;
}

/** A binary body (the designer's binary preview and download): the same token, refresh and errors as {@link request}. */
export async function fetchBlob(path: string): Promise<Blob> {
  const options: RequestOptions = { headers: { Accept: '*/*' } };
  let response = await send(path, options);
  if (response.status === 401 && auth) {
    if (await auth.refresh()) response = await send(path, options);
    else auth.signedOut();
  }
  if (!response.ok) throw toError(response, await readBody(response));
  return response.blob();
}

function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
      headers['Content-Type'] ??= 'application/json';
    } else {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const token = options.anonymous ? null : auth?.accessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function toError(response: { status: number; statusText: string }, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const problem = body as Problem;
    const words = problem.detail || problem.title || (problem as { message?: string }).message;
    if (typeof words === 'string' && words) return new ApiError(response.status, words, problem);
    return new ApiError(response.status, statusWords(response), problem);
  }
  if (typeof body === 'string' && body && !body.trimStart().startsWith('<')) {
    return new ApiError(response.status, body.length > 300 ? `${body.slice(0, 300)}…` : body, null);
  }
  return new ApiError(response.status, statusWords(response), null);
}

function statusWords(response: { status: number; statusText: string }): string {
  if (response.statusText) return `${response.statusText} (HTTP ${response.status})`;
  return `The server answered HTTP ${response.status}`;
}

/** The signed-in user's access token, for what cannot go through {@link request} (the live WebSocket's subprotocol). */
export function currentAccessToken(): string | null {
  return auth?.accessToken() ?? null;
}
