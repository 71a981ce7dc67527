// Paste an n8n export with sticky notes onto the canvas (n8n's clipboard JSON), save it, run it.
import assert from 'node:assert/strict';
import { badge, message } from '../designer/helpers.mjs';

const EXPORT = {
  name: 'From n8n',
  nodes: [
    { parameters: {}, id: 'a1', name: 'When clicking ‘Test workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
    {
      parameters: {
        assignments: { assignments: [{ id: 'x1', name: 'city', value: 'Lisbon', type: 'string' }] },
        options: {},
      },
      id: 'a2',
      name: 'Edit Fields',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
    },
    { parameters: { content: '## Read me\nThis note came from n8n.', height: 200, width: 300, color: 4 }, id: 'a3', name: 'Sticky Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [-40, -240] },
  ],
  connections: { 'When clicking ‘Test workflow’': { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] } },
  pinData: {},
  meta: { instanceId: 'abc' },
};

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  await page.goto(`${studioUrl}/workflows/new`);
  await page.getByTestId('designer').waitFor();
  await page.getByTestId('palette-item-hetumind.manualTrigger').waitFor();
  await page.getByTestId('canvas').click({ position: { x: 400, y: 400 } });
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(EXPORT));
  await message(page, /Pasted 3 nodes/);
  await page.getByTestId('sticky-Sticky Note').waitFor();
  assert.match(await page.getByTestId('sticky-Sticky Note').textContent(), /This note came from n8n/);

  // A note's text is edited in its panel.
  await page.getByTestId('sticky-Sticky Note').click();
  await page.locator('[data-testid="param-content"] textarea').fill('## Read me\nEdited in the designer.');
  await page.getByTestId('sticky-Sticky Note').filter({ hasText: 'Edited in the designer.' }).waitFor();
  await page.getByTestId('close-details').click();

  // Pasting the same nodes again renames them as n8n does.
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify({ nodes: [EXPORT.nodes[1]], connections: {} }));
  await page.getByTestId('node-Edit Fields1').waitFor();
  await page.getByTestId('node-Edit Fields1').click();
  await page.keyboard.press('Delete');
  await page.getByTestId('node-Edit Fields1').waitFor({ state: 'detached' });

  await page.getByTestId('designer-workflow-name').fill(`Imported ${stamp}`);
  await page.getByTestId('designer-workflow-name').press('Enter');
  await page.getByTestId('auto-layout').click();
  await page.getByTestId('run-workflow').click(); // saves first, then runs
  await message(page, /Run finished: success/, 30_000);
  await badge(page, 'Edit Fields', 'success', /1 item/);
  await screenshot('22-designer-imported');
  const id = page.url().split('/').pop();
  const saved = await api(`/api/v1/workflows/${id}`, { expect: 200 });
  assert.deepEqual(saved.body.workflow.nodes.map((n) => n.type).sort(), ['hetumind.manualTrigger', 'hetumind.set', 'hetumind.stickyNote']);
}
