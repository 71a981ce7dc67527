import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ItemsView from './ItemsView.vue';

const text = { id: 'exec-1/abc', mimeType: 'text/plain', fileName: 'greeting.txt', fileSize: 5 };
const image = { id: 'exec-1/def', mimeType: 'image/png', fileName: 'dot.png', fileSize: 70 };
const zip = { id: 'exec-1/ghi', mimeType: 'application/zip', fileName: 'a.zip', fileSize: 9 };

afterEach(() => vi.unstubAllGlobals());

function serve(answers: Record<string, Response | (() => Response)>) {
  const fetch = vi.fn(async (path: string) => {
    const a = answers[path];
    if (!a) return new Response(JSON.stringify({ title: 'Not Found', detail: 'no such thing' }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
    return typeof a === 'function' ? a() : a;
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('ItemsView binary tab', () => {
  it('reads the bytes of referenced attachments from the execution and previews text and images, not other types', async () => {
    const fetch = serve({
      '/api/v1/executions/exec-1/binary?ref=exec-1%2Fabc': new Response('hello', { headers: { 'Content-Type': 'text/plain' } }),
      '/api/v1/executions/exec-1/binary?ref=exec-1%2Fdef': new Response(new Uint8Array([137, 80, 78, 71]), { headers: { 'Content-Type': 'image/png' } }),
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:preview'), revokeObjectURL: vi.fn() }));
    const w = mount(ItemsView, {
      props: { testid: 'out', executionId: 'exec-1', items: [{ json: {}, binary: { data: text, picture: image, archive: zip } }] },
    });
    expect(fetch).not.toHaveBeenCalled();
    await w.get('[data-testid="out-binary-tab"]').trigger('click');
    await flushPromises();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(w.get('[data-testid="binary-text"]').text()).toBe('hello');
    expect(w.get('[data-testid="binary-image"]').attributes('src')).toBe('blob:preview');
    expect(w.findAll('[data-testid="out-binary"]')).toHaveLength(3);
    expect(w.text()).toContain('a.zip');
    w.unmount();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:preview');
  });

  it("shows a size from n8n's shape: the exact bytes when given, else fileSize's text as it is", async () => {
    serve({});
    const w = mount(ItemsView, {
      props: {
        testid: 'out',
        items: [
          { json: {}, binary: { a: { mimeType: 'application/zip', fileName: 'a.zip', fileSize: '65.5 kB', bytes: 65536 } } },
          { json: {}, binary: { b: { mimeType: 'application/zip', fileName: 'b.zip', fileSize: '1.2 kB' } } },
        ],
      },
    });
    await w.get('[data-testid="out-binary-tab"]').trigger('click');
    const rows = w.findAll('[data-testid="out-binary"]').map((r) => r.text());
    expect(rows[0]).toContain('64.0 KiB');
    expect(rows[1]).toContain('1.2 kB');
  });

  it('says in words why a preview failed', async () => {
    serve({});
    const w = mount(ItemsView, { props: { testid: 'out', executionId: 'exec-1', items: [{ json: {}, binary: { data: text } }] } });
    await w.get('[data-testid="out-binary-tab"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="binary-error"]').text()).toBe('no such thing');
  });

  it('previews inline base64 without asking the studio', async () => {
    const fetch = serve({});
    const w = mount(ItemsView, {
      props: { testid: 'out', items: [{ json: {}, binary: { data: { mimeType: 'text/plain', data: btoa('inline ü'.replace('ü', 'u')) } } }] },
    });
    await w.get('[data-testid="out-binary-tab"]').trigger('click');
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    expect(w.get('[data-testid="binary-text"]').text()).toBe('inline u');
  });
});
