import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeDescriptor } from '../api/types';
import fixture from '../forms/__fixtures__/node-types.json';
import NodeDetails from './NodeDetails.vue';
import { inputItems, outputItems, statusesFrom, type NodeRun } from './run';
import { useDesigner } from './store';

/** Two calls of a chat model by an AI Agent, as the engine's run data writes them (n8n's sub-node shape). */
function modelCall(prompt: string, answer: string | null, error?: string): NodeRun {
  return {
    startTime: 1700000000000,
    executionTime: 12,
    executionStatus: error ? 'error' : 'success',
    data: { ai_languageModel: answer == null ? [] : [[{ json: { response: { generations: [[{ text: answer }]] } } }]] },
    inputOverride: { ai_languageModel: [[{ json: { messages: [prompt], estimatedTokens: 5 } }]] },
    error: error ? { message: error, node: 'GPT' } : null,
    source: [{ previousNode: 'AI Agent', previousNodeOutput: 0, previousNodeRun: 0 }],
  };
}

const runData = {
  GPT: [modelCall('Human: first question', 'first answer'), modelCall('Human: second question', null, "'GPT' (OpenAI) answered HTTP 401: bad key")],
  'AI Agent': [{ startTime: 1700000000000, executionTime: 40, executionStatus: 'error', data: { main: [] }, inputData: { main: [[{ json: { q: 'hi' } }]] }, source: [] }],
};

beforeEach(() => {
  setActivePinia(createPinia());
  vi.stubGlobal('fetch', vi.fn(async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } })));
});
afterEach(() => vi.unstubAllGlobals());

describe('a sub-node in the inspector', () => {
  it('reads a call from inputOverride and data under its connection type, and badges the sub-node', () => {
    expect(inputItems(runData.GPT[0])[0].json).toEqual({ messages: ['Human: first question'], estimatedTokens: 5 });
    expect(outputItems(runData.GPT[0])[0].json).toEqual({ response: { generations: [[{ text: 'first answer' }]] } });
    expect(outputItems(runData.GPT[1])).toEqual([]);
    expect(inputItems(runData['AI Agent'][0])[0].json).toEqual({ q: 'hi' });
    const statuses = statusesFrom(runData);
    expect(statuses.GPT).toEqual({ state: 'error', items: 1, error: "'GPT' (OpenAI) answered HTTP 401: bad key" });
  });

  it('shows each call of the selected sub-node: what its root called it with and what it answered or the error', async () => {
    const s = useDesigner();
    s.setDescriptors(fixture as unknown as NodeDescriptor[]);
    s.addNode('hetumind.agent', [0, 0]);
    const model = s.addNode('hetumind.lmChatOpenAi', [0, 200]);
    s.rename(model.name, 'GPT');
    s.runData = runData;
    const w = mount(NodeDetails, { props: { name: 'GPT' } });
    await flushPromises();

    const select = w.get('[data-testid="run-select"]');
    expect(select.findAll('option').map((o) => o.text())).toEqual([
      'Call 1 of 2 by AI Agent (ai_languageModel)',
      'Call 2 of 2 by AI Agent (ai_languageModel)',
    ]);
    // the newest call first: it failed
    expect(w.text()).toContain('Called with');
    expect(w.get('[data-testid="input-table"]').text()).toContain('second question');
    expect(w.get('[data-testid="node-error"]').text()).toContain('HTTP 401: bad key');
    expect(w.find('[data-testid="pin-output"]').exists()).toBe(false);

    await select.setValue('0');
    expect(w.get('[data-testid="input-table"]').text()).toContain('first question');
    expect(w.get('[data-testid="output-table"]').text()).toContain('first answer');
    expect(w.find('[data-testid="node-error"]').exists()).toBe(false);
  });
});
