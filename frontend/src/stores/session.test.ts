import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, setAuthProvider } from '../api/http';
import { DEVICE_KEY, REFRESH_KEY, Session, type SessionEnv } from './session';

/** A JWT-shaped token (header.payload.signature) carrying `claims`; the browser never verifies it, only reads it. */
function token(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`;
}

class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

/** IAM's refresh rotation with reuse detection, answering over `fetch` as the real one does. */
class FakeIam {
  valid = new Set<string>();
  refreshCalls = 0;
  counter = 0;
  issue() {
    const refreshToken = `rt-${++this.counter}`;
    this.valid.add(refreshToken);
    const accessToken = token({ sub: 'u1', tenant: 't1', exp: 0, n: this.counter });
    this.current = accessToken;
    return {
      accessToken,
      refreshToken,
      expiresIn: 900,
    };
  }
  fetch = async (path: string, init: RequestInit): Promise<Response> => {
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    if (path === '/iam/api/v1/auth/refresh') {
      this.refreshCalls++;
      const { refreshToken } = JSON.parse(String(init.body));
      await new Promise((r) => setTimeout(r, 5));
      if (!this.valid.delete(refreshToken)) {
        this.valid.clear(); // reuse ends the session
        return json(401, { title: 'Unauthorized', detail: 'the session has ended; sign in again' });
      }
      return json(200, this.issue());
    }
    if (path === '/api/v1/thing') {
      const auth = new Headers(init.headers).get('Authorization');
      return auth === `Bearer ${this.current}` ? json(200, { ok: true }) : json(401, { title: 'Unauthorized' });
    }
    return json(404, { title: 'Not Found' });
  };
  current = '';
}

function env(storage: Storage, timers: { fn: () => void; ms: number }[]): SessionEnv {
  return {
    storage,
    now: () => 1_000_000,
    setTimer: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as { fn: () => void; ms: number });
      if (i >= 0) timers.splice(i, 1);
    },
    withLock: (fn) => fn(),
  };
}

describe('Session', () => {
  let iam: FakeIam;
  let storage: MemoryStorage;
  let timers: { fn: () => void; ms: number }[];
  let session: Session;

  beforeEach(() => {
    iam = new FakeIam();
    vi.stubGlobal('fetch', (p: string, i: RequestInit) => iam.fetch(p, i));
    storage = new MemoryStorage();
    timers = [];
    session = new Session(env(storage, timers));
    setAuthProvider(session);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the access token in memory and the refresh and device tokens in storage', () => {
    const t = iam.issue();
    session.accept({ ...t, deviceToken: 'dev-1' });
    expect(session.accessToken()).toBe(t.accessToken);
    expect(storage.getItem(REFRESH_KEY)).toBe(t.refreshToken);
    expect(storage.getItem(DEVICE_KEY)).toBe('dev-1');
    expect(JSON.stringify([...Array(storage.length).keys()].map((i) => storage.getItem(storage.key(i)!)))).not.toContain(
      t.accessToken,
    );
    expect(session.claims()?.tenant).toBe('t1');
  });

  it('refreshes silently before the token expires', async () => {
    session.accept(iam.issue());
    expect(timers).toHaveLength(1);
    expect(timers[0].ms).toBe(840_000); // 15 min token: a minute before expiry
    const before = session.accessToken();
    timers.shift()!.fn(); // the timer fires
    await vi.waitFor(() => expect(session.accessToken()).not.toBe(before));
    expect(iam.refreshCalls).toBe(1);
    expect(timers).toHaveLength(1); // the next refresh is scheduled
    expect(Session.refreshDelay(20)).toBe(15_000); // short test tokens: at three quarters of their life
  });

  it('shares one rotation among concurrent callers, so no refresh token is ever used twice', async () => {
    session.accept(iam.issue());
    const results = await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    expect(results).toEqual([true, true, true]);
    expect(iam.refreshCalls).toBe(1);
    expect(await session.refresh()).toBe(true); // and the rotated token works next time
    expect(iam.refreshCalls).toBe(2);
  });

  it('retries a call once after a 401 with a refreshed token', async () => {
    session.accept(iam.issue());
    iam.current = 'revoked'; // the API no longer accepts the token this tab holds
    await expect(api<{ ok: boolean }>('/api/v1/thing')).resolves.toEqual({ ok: true });
    expect(iam.refreshCalls).toBe(1);
  });

  it('signs out when IAM refuses the refresh token', async () => {
    session.accept(iam.issue());
    iam.valid.clear();
    iam.current = 'revoked';
    const seen: (string | null)[] = [];
    session.onChange((t) => seen.push(t));
    await expect(api('/api/v1/thing')).rejects.toThrow('Unauthorized');
    expect(session.accessToken()).toBeNull();
    expect(storage.getItem(REFRESH_KEY)).toBeNull();
    expect(seen).toContain(null);
    expect(timers).toHaveLength(0);
  });

  it('keeps the session when IAM is unreachable, so a later try can succeed', async () => {
    session.accept(iam.issue());
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ title: 'Bad Gateway', detail: 'IAM cannot be reached right now' }), {
        status: 502,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    );
    await expect(session.refresh()).rejects.toThrow('IAM cannot be reached right now');
    expect(storage.getItem(REFRESH_KEY)).not.toBeNull();
  });

  it('uses the newest stored refresh token: another tab may have rotated it', async () => {
    session.accept(iam.issue());
    const other = new Session(env(storage, []));
    expect(await other.refresh()).toBe(true); // the other tab rotates the shared token
    expect(await session.refresh()).toBe(true); // this tab reads the new one, no reuse
    expect(iam.valid.size).toBe(1);
  });
});
