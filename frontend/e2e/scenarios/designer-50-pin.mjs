// Pin a node's output: after a run, "Pin output" on HTTP Request writes its items to the workflow's pinData; the URL
// is then broken on purpose (the test server's /fail answers 500) and a re-run still succeeds with the pinned items
// flowing on. Unpinned, the same run fails at HTTP Request.
import assert from 'node:assert/strict';
import { badge, closeDetails, message, openNode } from '../designer/helpers.mjs';

export default async function ({ page, studioUrl, testServerUrl, screenshot, api, stamp }) {
  assert.ok(testServerUrl, 'TEST_SERVER_URL is needed: the HTTP Request node calls it');
  const doc = {
    name: `Pinned fetch ${stamp}`,
    nodes: [
      { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: 'h',
        name: 'HTTP Request',
        type: 'hetumind.httpRequest',
        typeVersion: 4.2,
        position: [240, 0],
        parameters: { url: `${testServerUrl}/hello`, options: {} },
      },
      {
        id: 's',
        name: 'Edit Fields',
        type: 'hetumind.set',
        typeVersion: 3.4,
        position: [480, 0],
        parameters: {
          assignments: { assignments: [{ id: 'a1', name: 'said', value: '={{ $json.hello }}', type: 'string' }] },
          options: {},
        },
      },
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
      'HTTP Request': { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] },
    },
  };
  const id = (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
  await page.goto(`${studioUrl}/workflows/${id}`);
  await page.getByTestId('node-HTTP Request').waitFor();

  // A first run gives HTTP Request an output to pin.
  await page.getByTestId('run-workflow').click();
  await badge(page, 'Edit Fields', 'success', /1 item/);
  await message(page, /Run finished: success/);
  await openNode(page, 'HTTP Request');
  await page.getByTestId('pin-output').click();
  assert.equal((await page.getByTestId('pin-output').textContent()).trim(), 'Unpin');
  await page.getByText(/Pinned: later runs use these 1 items/).waitFor();

  // Break the URL: with the output pinned the node does not call it.
  await page.locator('[data-testid="param-url"] input').fill(`${testServerUrl}/fail`);
  await closeDetails(page);
  await page.getByTestId('run-workflow').click();
  // the first run's message and badges are still shown: wait for the second run itself to settle
  await settledRuns(api, id, 2);
  await message(page, /Run finished: success/);
  await badge(page, 'Edit Fields', 'success', /1 item/);
  const saved = await api(`/api/v1/workflows/${id}`, { expect: 200 });
  assert.match(saved.body.workflow.nodes.find((n) => n.name === 'HTTP Request').parameters.url, /\/fail$/);
  assert.equal(saved.body.workflow.pinData['HTTP Request'][0].json.hello, 'world', 'the pinned items are saved');
  await openNode(page, 'Edit Fields');
  assert.match(await page.getByTestId('output-table').textContent(), /said\s*.*world/s);
  const last = (await api(`/api/v1/executions?workflowId=${id}`, { expect: 200 })).body.items[0];
  const detail = await api(`/api/v1/executions/${last.id}`, { expect: 200 });
  assert.equal(detail.body.status, 'success');
  assert.equal(detail.body.runData['Edit Fields'][0].data.main[0][0].json.said, 'world');
  await screenshot('27-designer-pinned');

  // Unpinned, the broken URL is called and the run fails there.
  await openNode(page, 'HTTP Request');
  await page.getByTestId('pin-output').click();
  assert.equal((await page.getByTestId('pin-output').textContent()).trim(), 'Pin output');
  await closeDetails(page);
  await page.getByTestId('run-workflow').click();
  await badge(page, 'HTTP Request', 'error');
  assert.equal(await page.getByTestId('node-status-Edit Fields').count(), 0, 'nothing ran after the failed node');
  const unpinned = await api(`/api/v1/workflows/${id}`, { expect: 200 });
  assert.equal(unpinned.body.workflow.pinData?.['HTTP Request'], undefined);
}

/** Waits until the workflow has {@code count} executions and the newest has ended; returns the newest. */
async function settledRuns(api, workflowId, count) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const items = (await api(`/api/v1/executions?workflowId=${workflowId}`, { expect: 200 })).body.items;
    if (items.length >= count && !['new', 'running', 'waiting'].includes(items[0].status)) return items[0];
    if (Date.now() > deadline) throw new Error(`executions of ${workflowId}: ${JSON.stringify(items.map((i) => i.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
