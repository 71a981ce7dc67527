import { describe, expect, it } from 'vitest';
import { toError } from './http';

describe('toError', () => {
  it('shows a problem detail in words', () => {
    const e = toError({ status: 400, statusText: 'Bad Request' }, { title: 'Bad Request', detail: 'name is blank' });
    expect(e.message).toBe('name is blank');
    expect(e.status).toBe(400);
  });

  it('falls back to the title, then to the status, never to raw JSON', () => {
    expect(toError({ status: 409, statusText: 'Conflict' }, { title: 'Conflict' }).message).toBe('Conflict');
    expect(toError({ status: 500, statusText: '' }, { unexpected: true }).message).toBe('The server answered HTTP 500');
    expect(toError({ status: 502, statusText: 'Bad Gateway' }, '<html>oops</html>').message).toBe(
      'Bad Gateway (HTTP 502)',
    );
  });
});
