// Paste an n8n AI Agent export (chat model, memory, two tools): every sub-node connection is drawn, dashed, into the
// agent's port of its kind, and the canvas offers the agent's sub-node inputs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeCount, message } from '../designer/helpers.mjs';

export default async function ({ page, studioUrl, screenshot, fixtures }) {
  const text = readFileSync(join(fixtures, 'n8n-ai-agent.json'), 'utf8');
  const doc = JSON.parse(text);
  const expected = Object.values(doc.connections)
    .flatMap((byType) => Object.values(byType))
    .flatMap((outputs) => outputs.flat()).length;
  await page.goto(`${studioUrl}/workflows/new`);
  await page.getByTestId('designer').waitFor();
  await page.getByTestId('palette-item-hetumind.manualTrigger').waitFor();
  await page.getByTestId('canvas').click({ position: { x: 400, y: 400 } });
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await message(page, new RegExp(`Pasted ${doc.nodes.length} nodes`));
  for (const type of ['ai_languageModel', 'ai_memory', 'ai_tool']) {
    await page.getByTestId(`handle-sub-AI Agent-${type}`).waitFor();
  }
  await page.getByTestId('handle-supply-OpenAI Chat Model-ai_languageModel').waitFor();
  // every connection, main and sub-node alike, is an edge on the canvas; the four sub-node ones are dashed
  await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__edge').length === n, expected);
  assert.equal(await edgeCount(page), expected);
  const dashed = await page.locator('.vue-flow__edge path[style*="stroke-dasharray"]').count();
  assert.ok(dashed >= 4, `sub-node edges drawn dashed (${dashed})`);
  await page.getByTestId('auto-layout').click();
  await screenshot('25-designer-ai-agent');
}
