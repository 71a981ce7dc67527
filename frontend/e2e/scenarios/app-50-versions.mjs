// Versions: the history of a workflow, a side-by-side diff of two versions, restore (rollback) as a new version.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const doc = (greeting) => ({
    name: `Versioned ${stamp}`,
    nodes: [
      { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: 's',
        name: 'Greet',
        type: 'hetumind.set',
        typeVersion: 3.4,
        position: [220, 0],
        parameters: {
          assignments: { assignments: [{ id: 'a1', name: 'greeting', value: greeting, type: 'string' }] },
          options: {},
        },
      },
    ],
    connections: { 'Manual Trigger': { main: [[{ node: 'Greet', type: 'main', index: 0 }]] } },
  });
  const id = (await api('/api/v1/workflows', { method: 'POST', body: doc('hello'), expect: 201 })).body.id;
  await api(`/api/v1/workflows/${id}?version=1`, { method: 'PUT', body: doc('good morning'), expect: 200 });

  await page.goto(`${studioUrl}/workflows`);
  await page.getByTestId('workflow-row').filter({ hasText: `Versioned ${stamp}` }).getByTestId('workflow-versions').click();
  await page.waitForURL(new RegExp(`/workflows/${id}/versions$`));
  await page.getByTestId('version-diff').waitFor();
  assert.equal(await page.getByTestId('version-row').count(), 2);
  const changed = page.locator('[data-testid="diff-row"].changed').filter({ hasText: 'good morning' });
  await changed.first().waitFor();
  const text = await changed.first().textContent();
  assert.ok(text.includes('hello') && text.includes('good morning'), `the changed line shows both values: ${text}`);
  await screenshot('40-versions-diff');

  // Restore version 1: it becomes version 3, from a rollback.
  await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-restore').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('notice').filter({ hasText: 'Restored version 1 as version 3' }).waitFor();
  await page.locator('[data-testid="version-row"][data-version="3"]').waitFor();
  assert.equal(await page.getByTestId('version-row').count(), 3);
  const head = (await api(`/api/v1/workflows/${id}`, { expect: 200 })).body;
  assert.equal(head.version, 3);
  assert.equal(head.workflow.nodes.find((n) => n.name === 'Greet').parameters.assignments.assignments[0].value, 'hello');
  const versions = (await api(`/api/v1/workflows/${id}/versions`, { expect: 200 })).body.items;
  assert.equal(versions[0].source, 'rollback');

  // Compare 1 with 3: the same definition, no changed line.
  await page.getByTestId('diff-left-1').check();
  await page.getByTestId('diff-right-3').check();
  await page.getByTestId('diff-count').filter({ hasText: /^0 changed lines$/ }).waitFor();
}
