// Listen for a test webhook: the designer registers the workflow's Webhook node under /webhook-test/<path> and shows
// the URL; an HTTP call from outside (here the harness's fetch) starts the run, and the canvas follows it with badges
// and the posted data. Before listening and after the captured call, the test path is unknown (404).
import assert from 'node:assert/strict';
import { badge, message, openNode } from '../designer/helpers.mjs';

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const path = `e2e-listen-${stamp}`;
  const doc = {
    name: `Listen for a test call ${stamp}`,
    nodes: [
      {
        id: 'w',
        name: 'Webhook',
        type: 'hetumind.webhook',
        typeVersion: 2,
        position: [0, 0],
        parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
        webhookId: `e2e-${stamp}`,
      },
      {
        id: 's',
        name: 'Edit Fields',
        type: 'hetumind.set',
        typeVersion: 3.4,
        position: [260, 0],
        parameters: {
          assignments: { assignments: [{ id: 'a1', name: 'greeting', value: '=Hello {{ $json.body.name }}', type: 'string' }] },
          options: {},
        },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] } },
  };
  const id = (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
  const call = () =>
    fetch(`${studioUrl}/webhook-test/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
  assert.equal((await call()).status, 404, 'nobody listens yet');

  await page.goto(`${studioUrl}/workflows/${id}`);
  await page.getByTestId('node-Webhook').waitFor();
  await page.getByTestId('listen-test-event').click();
  const urls = page.getByTestId('listen-urls');
  await urls.waitFor();
  assert.match(await urls.textContent(), new RegExp(`POST http://\\S+/webhook-test/${path}`));
  assert.equal((await page.getByTestId('listen-test-event').textContent()).trim(), 'Stop listening');
  await screenshot('29-designer-listening');

  // The outside call: answered at once (onReceived), the designer picks the run up.
  const answer = await call();
  assert.equal(answer.status, 200, await answer.clone().text());
  await badge(page, 'Webhook', 'success', /1 item/);
  await badge(page, 'Edit Fields', 'success', /1 item/);
  await message(page, /Run finished: success/);
  await urls.waitFor({ state: 'detached' });
  await openNode(page, 'Edit Fields');
  assert.match(await page.getByTestId('output-table').textContent(), /Hello Ada/);
  await openNode(page, 'Webhook');
  await page.getByTestId('output-table-json-tab').click();
  const out = JSON.parse(await page.getByTestId('output-table-json').textContent());
  assert.deepEqual(out[0].body, { name: 'Ada' });
  assert.equal((await call()).status, 404, 'a test registration takes one call');

  const runs = (await api(`/api/v1/executions?workflowId=${id}`, { expect: 200 })).body.items;
  assert.equal(runs.length, 1);
  assert.equal(runs[0].status, 'success');
}
