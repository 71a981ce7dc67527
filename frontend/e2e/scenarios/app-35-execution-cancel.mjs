// Cancel from the executions page: a run held by a Wait node (ten minutes) is unfinished, so its row offers Cancel;
// after it the run is canceled (in the list and in the API), and the row offers Retry and Delete instead.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const doc = {
    name: `Waits ten minutes ${stamp}`,
    nodes: [
      { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: 'w',
        name: 'Wait',
        type: 'hetumind.wait',
        typeVersion: 1.1,
        position: [220, 0],
        parameters: { resume: 'timeInterval', amount: 10, unit: 'minutes' },
      },
    ],
    connections: { 'Manual Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
  };
  const workflowId = (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
  const started = await api(`/api/v1/workflows/${workflowId}/execute`, { method: 'POST', body: { wait: false } });
  assert.ok([200, 201, 202].includes(started.status), `execute: ${started.status} ${JSON.stringify(started.body)}`);
  const executionId = started.body.executionId ?? started.body.id;
  assert.ok(executionId, `the execute answer names the execution: ${JSON.stringify(started.body)}`);

  await page.goto(`${studioUrl}/executions`);
  await page.getByTestId('executions-page').waitFor();
  await page.getByTestId('execution-workflow-filter').selectOption(workflowId);
  const row = page.locator(`[data-testid="execution-row"][data-execution-id="${executionId}"]`);
  // the run reaches the Wait node (running, then waiting) — unfinished either way
  const status = await until(page, async () => {
    const s = (await row.getByTestId('execution-status').textContent().catch(() => ''))?.trim();
    return ['running', 'waiting', 'new'].includes(s) ? s : null;
  }, 'an unfinished run in the list');
  assert.equal(await row.getByTestId('execution-retry').count(), 0, `a ${status} run is not retried`);

  await row.getByTestId('execution-cancel').click();
  await page.getByTestId('notice').filter({ hasText: 'Cancel requested.' }).waitFor();
  await until(page, async () => {
    if ((await row.getByTestId('execution-status').textContent())?.trim() === 'canceled') return true;
    await page.getByTestId('execution-refresh').click();
    return null;
  }, 'the row shows canceled');
  assert.equal(await row.getByTestId('execution-cancel').count(), 0, 'a canceled run offers no Cancel');
  await row.getByTestId('execution-retry').waitFor();
  await row.getByTestId('execution-delete').waitFor();
  const detail = await api(`/api/v1/executions/${executionId}`, { expect: 200 });
  assert.equal(detail.body.status, 'canceled');
  await screenshot('26-execution-canceled');
}

async function until(page, probe, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(300);
  }
}
