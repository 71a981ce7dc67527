/**
 * The signed-in session, independent of Vue so its refresh rules can be tested alone.
 *
 * Where tokens live (decision): the **access token only in memory** (per tab) and the **refresh token in
 * localStorage**, shared by the browser's tabs.
 * - XSS can read any web storage, sessionStorage included, so sessionStorage buys no safety; keeping the short-lived
 *   access token out of storage at least leaves nothing to lift from disk or a copied profile.
 * - IAM rotates refresh tokens with reuse detection: a refresh token used twice ends the whole session. Tabs opened
 *   from one another copy sessionStorage, and two tabs refreshing with the same copy would end the session. With one
 *   shared refresh token, every refresh runs under a cross-tab lock (Web Locks API) and reads the current token from
 *   storage inside it, so each rotation uses the newest token and no token is ever used twice.
 * - Signing out in one tab reaches the others through the `storage` event.
 * The device token from sign-in (it lets the owner past IAM's throttle of their address) is kept in localStorage too.
 *
 * Refresh happens silently before the access token expires (a minute before, or at three quarters of its life for
 * tokens shorter than four minutes) and
 * on a 401 (src/api/http.ts asks through {@link AuthProvider}); concurrent asks share one refresh.
 */
import { api, ApiError, type AuthProvider } from '../api/http';

export const REFRESH_KEY = 'hetumind.refreshToken';
export const DEVICE_KEY = 'hetumind.deviceToken';
const LOCK = 'hetumind.refresh';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  deviceToken?: string;
}

export interface Claims {
  sub: string;
  tenant: string;
  roles?: string[];
  perms?: string[];
  exp: number;
  [claim: string]: unknown;
}

export function decodeClaims(token: string): Claims | null {
  try {
    const part = token.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(json))) as Claims;
  } catch {
    return null;
  }
}

export interface SessionEnv {
  storage: Storage;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Runs `fn` holding a lock shared by the browser's tabs (Web Locks), or just runs it where there is none. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

export function browserEnv(): SessionEnv {
  return {
    storage: localStorage,
    now: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    withLock: (fn) =>
      typeof navigator !== 'undefined' && navigator.locks
        ? (navigator.locks.request(LOCK, fn) as Promise<Awaited<ReturnType<typeof fn>>>)
        : fn(),
  };
}

export type SessionListener = (accessToken: string | null) => void;

export class Session implements AuthProvider {
  private access: string | null = null;
  private expiresAt = 0;
  private timer: unknown = null;
  private inFlight: Promise<boolean> | null = null;
  private listeners: SessionListener[] = [];

  constructor(private readonly env: SessionEnv) {}

  onChange(listener: SessionListener): void {
    this.listeners.push(listener);
  }

  accessToken(): string | null {
    return this.access;
  }

  claims(): Claims | null {
    return this.access ? decodeClaims(this.access) : null;
  }

  /** Whether a refresh token is stored (a session may be resumed). */
  canResume(): boolean {
    return !!this.env.storage.getItem(REFRESH_KEY);
  }

  deviceToken(): string | undefined {
    return this.env.storage.getItem(DEVICE_KEY) ?? undefined;
  }

  /** Adopts tokens from sign-up, sign-in or a refresh. */
  accept(tokens: Tokens): void {
    this.access = tokens.accessToken;
    this.expiresAt = this.env.now() + tokens.expiresIn * 1000;
    this.env.storage.setItem(REFRESH_KEY, tokens.refreshToken);
    if (tokens.deviceToken) this.env.storage.setItem(DEVICE_KEY, tokens.deviceToken);
    this.schedule(tokens.expiresIn);
    this.emit();
  }

  /** When the next silent refresh is due, in ms from now, for a token living `expiresIn` seconds. */
  static refreshDelay(expiresIn: number): number {
    const life = expiresIn * 1000;
    return Math.max(1000, life * 0.75, life - 60_000);
  }

  private schedule(expiresIn: number): void {
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = this.env.setTimer(() => {
      this.timer = null;
      void this.refresh().then((ok) => {
        if (!ok) this.signedOut();
      });
    }, Session.refreshDelay(expiresIn));
  }

  /** Rotates the refresh token for a new access token; concurrent callers share one rotation. */
  refresh(): Promise<boolean> {
    if (!this.inFlight) {
      this.inFlight = this.env
        .withLock(() => this.rotate())
        .finally(() => {
          this.inFlight = null;
        });
    }
    return this.inFlight;
  }

  private async rotate(): Promise<boolean> {
    const refreshToken = this.env.storage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      const tokens = await api<Tokens>('/iam/api/v1/auth/refresh', {
        method: 'POST',
        body: { refreshToken },
        anonymous: true,
      });
      this.accept(tokens);
      return true;
    } catch (e) {
      // Only a refusal ends the session; a network failure or a 5xx leaves it for the next try.
      if (e instanceof ApiError && (e.status === 401 || e.status === 400 || e.status === 403)) {
        // Another tab may have rotated the token between our read and IAM's answer: keep going if it did.
        const now = this.env.storage.getItem(REFRESH_KEY);
        if (now && now !== refreshToken) return this.rotate();
        this.env.storage.removeItem(REFRESH_KEY);
        return false;
      }
      throw e;
    }
  }

  /** Ends the session at IAM (best effort) and forgets it here. */
  async signOut(): Promise<void> {
    const refreshToken = this.env.storage.getItem(REFRESH_KEY);
    if (refreshToken) {
      try {
        await api('/iam/api/v1/auth/signout', { method: 'POST', body: { refreshToken }, anonymous: true });
      } catch {
        // the session ends here regardless; IAM expires it on its own
      }
    }
    this.forget();
  }

  /** The session is over (refresh refused, or signed out in another tab). */
  signedOut(): void {
    this.forget();
  }

  forget(): void {
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
    this.access = null;
    this.expiresAt = 0;
    this.env.storage.removeItem(REFRESH_KEY);
    this.emit();
  }

  /** Milliseconds the current access token has left (0 without one). */
  remaining(): number {
    return Math.max(0, this.expiresAt - this.env.now());
  }

  private emit(): void {
    for (const l of this.listeners) l(this.access);
  }
}
