/**
 * Properties with a load-options method (n8n's `loadOptionsMethod`): the Postgres node's schema/table locators and
 * column lists get their choices from the option source with the node's parameters, version and credentials, show a
 * loading state, an error inline and a refresh, reload when what they depend on changes, and a real `fetch` carries
 * the request to `POST /api/v1/node-types/{type}/options`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { JsonObject, NodeDescriptor, PropertyDescriptor, WorkflowNode } from '../api/types';
import { ApiError } from '../api/http';
import ParameterPanel from './ParameterPanel.vue';
import { fetchOptions, optionsRequest, type OptionSource, type OptionsAnswer, type OptionsRequest } from './optionSource';
import fixture from './__fixtures__/node-types.json';

const postgres = (fixture as unknown as NodeDescriptor[]).find((d) => d.type === 'hetumind.postgres')!;

function pgNode(parameters: JsonObject, credentialId = 'cred-1'): WorkflowNode {
  return {
    id: 'n1',
    name: 'Postgres',
    type: 'hetumind.postgres',
    typeVersion: 2.5,
    position: [0, 0],
    parameters,
    credentials: { postgres: { id: credentialId, name: 'db' } },
  };
}

interface Call {
  type: string;
  body: OptionsRequest;
  resolve(a: OptionsAnswer): void;
  reject(e: Error): void;
}

/** A source whose answers the test gives by hand, so loading states can be seen. */
function manualSource(getNode: () => WorkflowNode) {
  const calls: Call[] = [];
  const source: OptionSource = {
    node: getNode,
    load: (type, body) =>
      new Promise<OptionsAnswer>((resolve, reject) => {
        calls.push({ type, body: JSON.parse(JSON.stringify(body)), resolve, reject });
      }),
  };
  return { calls, source };
}

const warnings: string[] = [];

function mountPanel(descriptor: NodeDescriptor, node: WorkflowNode, source: OptionSource): VueWrapper {
  return mount(ParameterPanel, {
    props: { descriptor, node, noCredentials: true, optionSource: source },
    global: { config: { warnHandler: (msg: string) => void warnings.push(msg) } },
    attachTo: document.body,
  });
}

function lastUpdate(w: VueWrapper): JsonObject | undefined {
  const events = w.emitted('update') as [Partial<WorkflowNode>][] | undefined;
  return events?.filter(([e]) => e.parameters).map(([e]) => e.parameters!).pop();
}

const rl = (value: string) => ({ __rl: true, mode: 'list', value });

describe('load-options properties', () => {
  afterEach(() => {
    expect(warnings.splice(0)).toEqual([]);
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('lists a resource locator from the loader with the node parameters and credentials, and writes the choice', async () => {
    let node = pgNode({ operation: 'select', schema: rl('sales'), table: rl('') });
    const { calls, source } = manualSource(() => node);
    const w = mountPanel(postgres, node, source);
    await flushPromises();

    const schemaCall = calls.find((c) => c.body.method === 'schemas')!;
    const tableCall = calls.find((c) => c.body.method === 'tables')!;
    expect(tableCall.type).toBe('hetumind.postgres');
    expect(tableCall.body).toEqual({
      method: 'tables',
      version: 2.5,
      parameters: { operation: 'select', schema: rl('sales'), table: rl('') },
      credentials: { postgres: 'cred-1' },
    });
    expect(w.find('[data-testid="options-loading-table"]').exists()).toBe(true);

    tableCall.resolve({ options: [{ name: 'customers', value: 'customers' }, { name: 'orders', value: 'orders', description: 'placed orders' }] });
    schemaCall.resolve({ options: [{ name: 'public', value: 'public' }, { name: 'sales', value: 'sales' }] });
    await flushPromises();
    expect(w.find('[data-testid="options-loading-table"]').exists()).toBe(false);
    const select = w.find('[data-testid="options-list-table"]');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['— choose —', 'customers', 'orders']);
    expect((w.find('[data-testid="options-list-schema"]').element as HTMLSelectElement).selectedOptions[0].text).toBe('sales');

    await select.setValue('1');
    expect(lastUpdate(w)?.table).toEqual(rl('orders'));

    // the table list depends on the schema: a new schema loads it again, an unrelated edit does not
    const before = calls.length;
    node = pgNode({ operation: 'select', schema: rl('sales'), table: rl('orders'), limit: 5 });
    await w.setProps({ node });
    await flushPromises();
    expect(calls.length).toBe(before);
    node = pgNode({ operation: 'select', schema: rl('public'), table: rl('orders') });
    await w.setProps({ node });
    await flushPromises();
    expect(calls.slice(before).map((c) => [c.body.method, (c.body.parameters.schema as JsonObject).value])).toEqual([['tables', 'public']]);
    // and so does another credential
    node = pgNode({ operation: 'select', schema: rl('public'), table: rl('orders') }, 'cred-2');
    await w.setProps({ node });
    await flushPromises();
    expect(calls.filter((c) => c.body.credentials.postgres === 'cred-2').map((c) => c.body.method).sort()).toEqual(['schemas', 'tables']);
  });

  it('shows the loader error inline, keeps the typed value, and refreshes on demand', async () => {
    const node = pgNode({ operation: 'select', schema: rl('public'), table: rl('orders') });
    const { calls, source } = manualSource(() => node);
    const w = mountPanel(postgres, node, source);
    await flushPromises();
    calls.find((c) => c.body.method === 'tables')!.reject(
      new ApiError(422, "option loader 'tables' of hetumind.postgres: credentials of type 'postgres' are not set for this node", null),
    );
    await flushPromises();
    const error = w.find('[data-testid="options-error-table"]');
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toBe("option loader 'tables' of hetumind.postgres: credentials of type 'postgres' are not set for this node");
    // the value chosen before stays shown
    expect((w.find('[data-testid="options-list-table"]').element as HTMLSelectElement).selectedOptions[0].text).toBe('orders');

    await w.find('[data-testid="options-refresh-table"]').trigger('click');
    expect(w.find('[data-testid="options-error-table"]').exists()).toBe(false);
    expect(w.find('[data-testid="options-refresh-table"]').attributes('disabled')).toBeDefined();
    const again = calls.filter((c) => c.body.method === 'tables');
    expect(again).toHaveLength(2);
    again[1].resolve({ options: [{ name: 'orders', value: 'orders' }], truncated: true });
    await flushPromises();
    expect(w.find('[data-testid="options-status-table"]').exists()).toBe(true);
    expect(w.text()).toContain('Only the first options are listed');
  });

  it('loads nothing in the modes that are typed, and drops an answer overtaken by a newer request', async () => {
    let node = pgNode({ operation: 'select', schema: { __rl: true, mode: 'name', value: 'public' }, table: rl('') });
    const { calls, source } = manualSource(() => node);
    const w = mountPanel(postgres, node, source);
    await flushPromises();
    expect(calls.map((c) => c.body.method)).toEqual(['tables']);
    expect(w.find('[data-testid="options-list-schema"]').exists()).toBe(false);

    node = pgNode({ operation: 'select', schema: { __rl: true, mode: 'name', value: 'other' }, table: rl('') });
    await w.setProps({ node });
    await flushPromises();
    const [stale, fresh] = calls;
    fresh.resolve({ options: [{ name: 'fresh', value: 'fresh' }] });
    stale.resolve({ options: [{ name: 'stale', value: 'stale' }] });
    await flushPromises();
    expect(w.find('[data-testid="options-list-table"]').findAll('option').map((o) => o.text())).toEqual(['— choose —', 'fresh']);
  });

  it('fills options and multi-options properties from the loader, keeping chosen values it no longer lists', async () => {
    const descriptor: NodeDescriptor = {
      ...postgres,
      type: 'acme.pick',
      versions: [1],
      credentials: [],
      properties: [
        { name: 'region', displayName: 'Region', type: 'options', default: '', required: false, typeOptions: { loadOptions: 'regions' } },
        {
          name: 'fields',
          displayName: 'Fields',
          type: 'multiOptions',
          default: [],
          required: false,
          typeOptions: { loadOptions: 'fields', loadOptionsDependsOn: ['region'] },
        },
      ] as PropertyDescriptor[],
    };
    const node: WorkflowNode = { id: 'n', name: 'Pick', type: 'acme.pick', typeVersion: 1, position: [0, 0], parameters: { region: 'eu', fields: ['a', 'gone'] } };
    const source: OptionSource = {
      node: () => node,
      load: async (_type, body) =>
        body.method === 'regions'
          ? { options: [{ name: 'Europe', value: 'eu' }, { name: 'Asia', value: 'ap' }] }
          : { options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] },
    };
    const w = mountPanel(descriptor, node, source);
    await flushPromises();
    const region = w.find('[data-testid="param-region"] select');
    expect(region.findAll('option').map((o) => o.text())).toEqual(['Europe', 'Asia']);
    expect((region.element as HTMLSelectElement).selectedOptions[0].text).toBe('Europe');
    const boxes = w.findAll('[data-testid="param-fields"] input[type="checkbox"]');
    expect(boxes.map((b) => (b.element as HTMLInputElement).checked)).toEqual([true, false, true]);
    expect(w.find('[data-testid="param-fields"]').text()).toContain('gone');
    await boxes[1].setValue(true);
    expect(lastUpdate(w)?.fields).toEqual(['a', 'b', 'gone']);
    await region.setValue('1');
    expect(lastUpdate(w)?.region).toBe('ap');
  });

  it('without a source (descriptor tests, replays) keeps the typed field and calls nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const w = mount(ParameterPanel, { props: { descriptor: postgres, node: pgNode({ operation: 'select', schema: rl('public'), table: rl('t') }), noCredentials: true } });
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    expect(w.find('[data-testid="options-list-table"]').exists()).toBe(false);
    expect((w.find('[data-testid="param-table"] input[type="text"]').element as HTMLInputElement).value).toBe('t');
  });

  it('posts the request to the studio endpoint and turns a problem into words', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      new Response(JSON.stringify({ type: 'https://hetumind.io/problems/not-found', title: 'Not found', status: 404, detail: 'credential c9 of type \'postgres\' not found' }), {
        status: 404,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    );
    vi.stubGlobal('fetch', fetch);
    const body = optionsRequest(pgNode({ operation: 'select' }, 'c9'), 'tables');
    await expect(fetchOptions('hetumind.postgres', body)).rejects.toThrow("credential c9 of type 'postgres' not found");
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/node-types/hetumind.postgres/options');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ method: 'tables', version: 2.5, parameters: { operation: 'select' }, credentials: { postgres: 'c9' } });
  });
});
