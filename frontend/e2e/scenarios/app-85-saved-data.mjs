// Saved data on the executions page: two runs of workflows with an Execution Data node show what they saved in their
// rows, and the "key=value" filter (or a key alone) narrows the list to the runs that saved it.
import assert from 'node:assert/strict';

async function rowsMatching(page, ok, what) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const texts = await page.getByTestId('execution-data').allTextContents();
    if (ok(texts)) return texts;
    if (Date.now() > deadline) throw new Error(`${what}: rows show ${JSON.stringify(texts)}`);
    await page.waitForTimeout(200);
  }
}

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const tag = async (order) => {
    const doc = {
      name: `Tagged ${order}`,
      nodes: [
        { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'd',
          name: 'Execution Data',
          type: 'n8n-nodes-base.executionData',
          typeVersion: 1.1,
          position: [220, 0],
          parameters: { dataToSave: { values: [{ key: `order_${stamp}`, value: order }, { key: 'source', value: 'e2e' }] } },
        },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'Execution Data', type: 'main', index: 0 }]] } },
    };
    const id = (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
    await api(`/api/v1/workflows/${id}/execute`, { method: 'POST', body: { mode: 'inline' }, expect: 200 });
  };
  await tag('A-100');
  await tag('B-200');

  await page.goto(`${studioUrl}/executions`);
  await page.getByTestId('executions-page').waitFor();
  const filter = page.getByTestId('execution-data-filter');
  await filter.fill(`order_${stamp}=A-100`);
  await filter.press('Enter');
  const one = await rowsMatching(page, (t) => t.length === 1, 'filtered by key and value');
  assert.match(one[0], new RegExp(`order_${stamp}: A-100`));
  assert.match(one[0], /source: e2e/);
  await screenshot('85-executions-saved-data');

  await filter.fill(`order_${stamp}`);
  await filter.press('Enter');
  const both = await rowsMatching(page, (t) => t.length === 2, 'filtered by key');
  assert.match(both.join(' '), /B-200/);
}
