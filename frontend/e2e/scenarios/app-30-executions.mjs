// Executions page: runs listed with workflow names, filters by status and workflow, retry, delete with confirmation,
// and a row opens the run on the designer canvas.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, testServerUrl, screenshot, api, stamp }) {
  assert.ok(testServerUrl, 'TEST_SERVER_URL is needed: the HTTP Request node calls it');
  const make = async (name, path) => {
    const doc = {
      name,
      nodes: [
        { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'h',
          name: 'HTTP Request',
          type: 'hetumind.httpRequest',
          typeVersion: 4.2,
          position: [220, 0],
          parameters: { url: `${testServerUrl}${path}`, options: {} },
        },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
    };
    return (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
  };
  const okId = await make(`Fetch ok ${stamp}`, '/hello');
  const failId = await make(`Fetch fails ${stamp}`, '/fail');
  await api(`/api/v1/workflows/${okId}/execute`, { method: 'POST', body: { mode: 'inline' }, expect: 200 });
  // the run fails (the test server answers 500); how the execute call reports it does not matter here
  await api(`/api/v1/workflows/${failId}/execute`, { method: 'POST', body: { mode: 'inline' } });

  await page.goto(`${studioUrl}/executions`);
  await page.getByTestId('executions-page').waitFor();
  await countRows(page, (n) => n >= 2);
  await page.getByTestId('execution-row').filter({ hasText: `Fetch ok ${stamp}` }).waitFor();
  await screenshot('20-executions');

  // Filter by status.
  await page.getByTestId('execution-status-filter').selectOption('error');
  // the list reloads after the filter changes: wait for the filtered rows, not for rows of the list before it
  const statuses = await waitFor(
    () => page.getByTestId('execution-status').allTextContents(),
    (all) => all.length >= 1 && all.every((s) => s === 'error'),
    'rows filtered to status error',
  );
  assert.ok(statuses.length >= 1);
  await page.getByTestId('execution-status-filter').selectOption('');

  // Filter by workflow, then retry the failed run: a new execution appears.
  await page.getByTestId('execution-workflow-filter').selectOption(failId);
  await countRows(page, (n) => n === 1);
  await page.getByTestId('execution-retry').first().click();
  await page.getByTestId('notice').filter({ hasText: 'Retry started' }).waitFor();
  await countRows(page, (n) => n === 2);

  // Delete a settled run after confirming.
  await page.getByTestId('execution-workflow-filter').selectOption(okId);
  await countRows(page, (n) => n === 1);
  const row = page.getByTestId('execution-row').first();
  const executionId = await row.getAttribute('data-execution-id');
  await row.getByTestId('execution-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('execution-empty').waitFor();
  assert.equal((await api(`/api/v1/executions/${executionId}`)).status, 404);

  // A row opens the designer on that run.
  await page.getByTestId('execution-workflow-filter').selectOption(failId);
  await countRows(page, (n) => n === 2);
  const first = page.getByTestId('execution-row').first();
  const openId = await first.getAttribute('data-execution-id');
  await first.getByTestId('execution-status').click();
  await page.waitForURL(new RegExp(`/workflows/${failId}\\?execution=${openId}$`));
}

async function waitFor(read, ok, what) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function countRows(page, ok) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const n = await page.getByTestId('execution-row').count();
    if (ok(n)) return n;
    if (Date.now() > deadline) throw new Error(`execution rows: ${n}`);
    await page.waitForTimeout(200);
  }
}
