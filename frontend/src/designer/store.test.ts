import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { NodeDescriptor } from '../api/types';
import fixture from '../forms/__fixtures__/node-types.json';
import { useDesigner } from './store';
import { autoLayout, links, parseClipboard, uniqueName } from './document';
import { isSubConnection, subPorts } from '../forms/rules';

const descriptors = fixture as unknown as NodeDescriptor[];

describe('designer store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useDesigner().setDescriptors(descriptors);
  });

  function chain() {
    const s = useDesigner();
    const t = s.addNode('hetumind.manualTrigger', [0, 0]);
    const h = s.addNodeAfter('hetumind.httpRequest', t.name);
    const i = s.addNodeAfter('hetumind.if', h.name);
    return { s, t, h, i };
  }

  it('adds nodes with their descriptor defaults and connects them by name', () => {
    const { s, t, h, i } = chain();
    expect(t.name).toBe('Manual Trigger');
    expect(h.typeVersion).toBe(4.4); // the newest version the descriptor lists
    expect(h.parameters.method).toBe('GET');
    expect(s.doc.connections).toEqual({
      'Manual Trigger': { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
      'HTTP Request': { main: [[{ node: 'If', type: 'main', index: 0 }]] },
    });
    s.connect({ source: i.name, type: 'main', output: 1, target: h.name, input: 0 });
    expect(s.doc.connections.If.main).toEqual([[], [{ node: 'HTTP Request', type: 'main', index: 0 }]]);
    expect(s.connect({ source: i.name, type: 'main', output: 1, target: h.name, input: 0 })).toBe(false);
  });

  it('renames a node everywhere: connections, pinned data and expressions', () => {
    const { s } = chain();
    s.updateNode('If', { parameters: { conditions: { conditions: [{ leftValue: "={{ $('HTTP Request').item.json.status }}" }] } } });
    s.pin('HTTP Request', [{ status: 200 }]);
    s.rename('HTTP Request', 'Fetch');
    expect(Object.keys(s.doc.connections)).toEqual(['Manual Trigger', 'Fetch']);
    expect(s.doc.connections['Manual Trigger'].main[0]![0].node).toBe('Fetch');
    expect(JSON.stringify(s.nodeByName('If')!.parameters)).toContain("$('Fetch').item.json.status");
    expect(s.doc.pinData).toEqual({ Fetch: [{ json: { status: 200 } }] });
    expect(() => s.rename('Fetch', 'If')).toThrow(/already exists/);
  });

  it('deletes a node with every connection to and from it', () => {
    const { s } = chain();
    s.remove(['HTTP Request']);
    expect(s.doc.nodes.map((n) => n.name)).toEqual(['Manual Trigger', 'If']);
    expect(links(s.doc.connections)).toEqual([]);
  });

  it('undoes and redoes every kind of edit', () => {
    const { s } = chain();
    const before = JSON.stringify(s.doc);
    s.rename('If', 'Check');
    s.remove(['Check']);
    expect(s.doc.nodes.length).toBe(2);
    s.undo();
    expect(s.nodeByName('Check')).toBeDefined();
    s.undo();
    expect(JSON.stringify(s.doc)).toBe(before);
    s.redo();
    s.redo();
    expect(s.doc.nodes.length).toBe(2);
    s.undo();
    s.undo();
    s.undo(); // the If node's addition (with its connection)
    expect(s.doc.nodes.map((n) => n.name)).toEqual(['Manual Trigger', 'HTTP Request']);
    expect(s.canRedo).toBe(true);
    s.addNode('hetumind.noOp', [0, 0]);
    expect(s.canRedo).toBe(false);
  });

  it('pastes n8n clipboard JSON, renaming clashes like n8n ("HTTP Request1") and keeping its connections', () => {
    const { s } = chain();
    const clip = s.copy(['HTTP Request', 'If']);
    const added = s.paste(JSON.parse(JSON.stringify(clip)), [500, 500]);
    expect(added).toEqual(['HTTP Request1', 'If1']);
    expect(s.doc.connections['HTTP Request1']).toEqual({ main: [[{ node: 'If1', type: 'main', index: 0 }]] });
    expect(s.nodeByName('HTTP Request1')!.position).toEqual([500, 500]);
    expect(new Set(s.doc.nodes.map((n) => n.id)).size).toBe(5);
    expect(s.paste(s.copy(['HTTP Request1']))).toEqual(['HTTP Request2']);
    expect(uniqueName('If', ['If', 'If1'])).toBe('If2');
  });

  it('pastes a whole n8n export with a sticky note', () => {
    const s = useDesigner();
    const exported = {
      name: 'Inbound lead',
      nodes: [
        { id: 'a', name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'b', name: 'Edit Fields', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: {} },
        { id: 'c', name: 'Sticky Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [0, -200], parameters: { content: '## Hi' } },
      ],
      connections: { 'When clicking': { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] } },
    };
    const clip = parseClipboard(JSON.stringify(exported))!;
    expect(s.paste(clip)).toEqual(['When clicking', 'Edit Fields', 'Sticky Note']);
    expect(links(s.doc.connections)).toHaveLength(1);
    expect(s.doc.nodes.map((n) => n.type)).toEqual(['hetumind.manualTrigger', 'hetumind.set', 'hetumind.stickyNote']);
    expect(parseClipboard('{"nodes": [{"x": 1}]}')).toBeNull();
    expect(parseClipboard('hello')).toBeNull();
  });

  it('keeps breakpoints on the nodes they mark through renames and deletions, and drops them on load', () => {
    const { s } = chain();
    s.toggleBreakpoint('If');
    s.toggleBreakpoint('HTTP Request');
    expect(s.breakpoints).toEqual(['If', 'HTTP Request']);
    s.toggleBreakpoint('If');
    expect(s.breakpoints).toEqual(['HTTP Request']);
    s.rename('HTTP Request', 'Fetch');
    expect(s.breakpoints).toEqual(['Fetch']);
    s.toggleBreakpoint('If');
    s.remove(['Fetch']);
    expect(s.breakpoints).toEqual(['If']);
    s.load({ name: 'other', nodes: [], connections: {} });
    expect(s.breakpoints).toEqual([]);
    expect(s.held).toBeNull();
  });

  it('connects an AI sub-node into its root in n8n\'s shape, and shows a root\'s sub-node inputs for its parameters', () => {
    const s = useDesigner();
    const agent = s.addNode('hetumind.agent', [200, 0]);
    const model = s.addNode('hetumind.lmChatOpenAi', [200, 200]);
    expect(s.connect({ source: model.name, type: 'ai_languageModel', output: 0, target: agent.name, input: 0 })).toBe(true);
    expect(s.doc.connections[model.name]).toEqual({
      ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]],
    });
    expect(links(s.doc.connections)).toEqual([
      { source: model.name, type: 'ai_languageModel', output: 0, target: agent.name, input: 0 },
    ]);
    const agentPorts = subPorts(s.descriptorOf('hetumind.agent'), s.nodeByName(agent.name)!);
    expect(agentPorts.inputs.map((p) => p.type)).toEqual(['ai_languageModel', 'ai_memory', 'ai_tool']);
    expect(agentPorts.inputs[0].required).toBe(true);
    s.updateNode(agent.name, { parameters: { ...s.nodeByName(agent.name)!.parameters, hasOutputParser: true } });
    expect(subPorts(s.descriptorOf('hetumind.agent'), s.nodeByName(agent.name)!).inputs.map((p) => p.type)).toContain('ai_outputParser');
    expect(subPorts(s.descriptorOf('hetumind.lmChatOpenAi'), model).supplies).toEqual(['ai_languageModel']);
    expect(isSubConnection('ai_tool')).toBe(true);
    expect(isSubConnection('main')).toBe(false);
  });

  it('lays out in layers from the trigger', () => {
    const { s } = chain();
    s.addNodeAfter('hetumind.set', 'If');
    s.connect({ source: 'If', type: 'main', output: 1, target: 'Edit Fields', input: 0 });
    s.doc.nodes.forEach((n) => (n.position = [0, 0]));
    autoLayout(s.doc);
    const x = (n: string) => s.nodeByName(n)!.position[0];
    expect(x('Manual Trigger')).toBeLessThan(x('HTTP Request'));
    expect(x('HTTP Request')).toBeLessThan(x('If'));
    expect(x('If')).toBeLessThan(x('Edit Fields'));
  });
});
