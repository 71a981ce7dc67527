// Build Manual Trigger → HTTP Request (the local test server) → If → Edit Fields by drag and drop, configure it
// through the forms, run it, see the badges and the output table, save, reload, and find it in the list.
import assert from 'node:assert/strict';
import { badge, closeDetails, connect, dropNode, edgeCount, message, openNode } from '../designer/helpers.mjs';

export default async function (ctx) {
  const { page, studioUrl, testServerUrl, screenshot, api, stamp } = ctx;
  const name = `Designer E2E ${stamp}`;
  await page.goto(`${studioUrl}/workflows/new`);
  await page.getByTestId('designer').waitFor();
  await page.getByTestId('palette-item-hetumind.manualTrigger').waitFor();

  // The palette is searchable and grouped.
  await page.getByTestId('palette-search').fill('edit fields');
  assert.equal(await page.getByTestId('palette-item-hetumind.set').isVisible(), true);
  assert.equal(await page.getByTestId('palette-item-hetumind.if').count(), 0);

  await dropNode(page, 'hetumind.manualTrigger', 120, 260);
  await dropNode(page, 'hetumind.httpRequest', 380, 260);
  await dropNode(page, 'hetumind.if', 640, 260);
  await dropNode(page, 'hetumind.set', 900, 200);
  for (const n of ['Manual Trigger', 'HTTP Request', 'If', 'Edit Fields']) await page.getByTestId(`node-${n}`).waitFor();

  await connect(page, 'Manual Trigger', 0, 'HTTP Request');
  await connect(page, 'HTTP Request', 0, 'If');
  await connect(page, 'If', 0, 'Edit Fields'); // the "true" output
  assert.equal(await edgeCount(page), 3);

  // Undo and redo the last connection.
  await page.getByTestId('undo').click();
  assert.equal(await edgeCount(page), 2);
  await page.getByTestId('redo').click();
  assert.equal(await edgeCount(page), 3);

  await page.getByTestId('designer-workflow-name').fill(name);
  await page.getByTestId('designer-workflow-name').press('Enter');

  // The validator's findings show on the node they concern, and go once fixed.
  const problem = page.getByTestId('node-problem-HTTP Request');
  await problem.waitFor();
  assert.match(await problem.textContent(), /URL/);
  await screenshot('19-designer-problem');

  // HTTP Request: the URL through its form field.
  await openNode(page, 'HTTP Request');
  await page.locator('[data-testid="param-url"] input').fill(`${testServerUrl || studioUrl}/hello`);
  await problem.waitFor({ state: 'detached' });
  // If: one condition, an expression on the left.
  await openNode(page, 'If');
  await page.getByTestId('add-conditions').click();
  await page.locator('[data-testid="param-conditions.0.leftValue"] input').fill('={{ "ok" }}');
  await page.getByTestId('expr-conditions.0.leftValue').waitFor();
  await page.locator('[data-testid="param-conditions.0.rightValue"] input').fill('ok');
  // Edit Fields: one assignment.
  await openNode(page, 'Edit Fields');
  await page.getByTestId('add-assignments.assignments').click();
  await page.locator('[data-testid="param-assignments.assignments.0.name"] input').fill('greeting');
  await page.locator('[data-testid="param-assignments.assignments.0.value"] input').fill('hello from e2e');
  await screenshot('20-designer-configured');

  // Save (a new workflow: POST, then the address names it).
  await page.getByTestId('save-workflow').click();
  await message(page, /Saved \(version 1\)/);
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  ctx.designerWorkflowId = id;

  // Run: badges go live and the output shows in a table.
  await page.getByTestId('run-workflow').click();
  await badge(page, 'Manual Trigger', 'success', /1 item/);
  await badge(page, 'HTTP Request', 'success');
  await badge(page, 'If', 'success');
  await badge(page, 'Edit Fields', 'success', /1 item/);
  await message(page, /Run finished: success/);
  await openNode(page, 'Edit Fields');
  const table = page.getByTestId('output-table');
  await table.waitFor();
  assert.match(await table.textContent(), /greeting/);
  assert.match(await table.textContent(), /hello from e2e/);
  await screenshot('21-designer-run');

  // Execute up to a node: it and what leads to it run, the nodes after it get no badge.
  await openNode(page, 'HTTP Request');
  await page.getByTestId('execute-step').click();
  await badge(page, 'HTTP Request', 'success');
  await badge(page, 'Manual Trigger', 'success');
  await message(page, /Run finished: success/);
  assert.equal(await page.getByTestId('node-status-If').count(), 0);
  assert.equal(await page.getByTestId('node-status-Edit Fields').count(), 0);
  await closeDetails(page);

  // A breakpoint: the run pauses before If; Step runs If and pauses before Edit Fields; Continue ends it.
  await openNode(page, 'If');
  await page.getByTestId('toggle-breakpoint').click();
  await page.getByTestId('breakpoint-If').waitFor();
  await closeDetails(page);
  await page.getByTestId('run-workflow').click();
  await page.getByTestId('debug-bar').filter({ hasText: /Paused before If/ }).waitFor();
  await page.getByTestId('held-If').waitFor();
  await badge(page, 'HTTP Request', 'success');
  assert.equal(await page.getByTestId('node-status-If').count(), 0);
  await screenshot('22-designer-breakpoint');
  await page.getByTestId('debug-step').click();
  await page.getByTestId('debug-bar').filter({ hasText: /Paused before Edit Fields/ }).waitFor();
  await badge(page, 'If', 'success');
  await page.getByTestId('debug-continue').click();
  await badge(page, 'Edit Fields', 'success', /1 item/);
  await message(page, /Run finished: success/);
  assert.equal(await page.getByTestId('debug-bar').count(), 0);
  await openNode(page, 'If');
  await page.getByTestId('toggle-breakpoint').click();
  assert.equal(await page.getByTestId('breakpoint-If').count(), 0);
  await closeDetails(page);

  // A second save is a PUT of the next version.
  await page.getByTestId('designer-workflow-name').fill(`${name} v2`);
  await page.getByTestId('designer-workflow-name').press('Enter');
  await page.getByTestId('save-workflow').click();
  await message(page, /Saved \(version 2\)/);
  const saved = await api(`/api/v1/workflows/${id}`, { expect: 200 });
  assert.equal(saved.body.version, 2);
  assert.deepEqual(saved.body.workflow.nodes.map((n) => n.name).sort(), ['Edit Fields', 'HTTP Request', 'If', 'Manual Trigger']);
  assert.deepEqual(saved.body.workflow.connections.If.main[0], [{ node: 'Edit Fields', type: 'main', index: 0 }]);

  // Reload: the same graph comes back from the studio.
  await page.reload();
  for (const n of ['Manual Trigger', 'HTTP Request', 'If', 'Edit Fields']) await page.getByTestId(`node-${n}`).waitFor();
  assert.equal(await edgeCount(page), 3);
  assert.equal(await page.getByTestId('designer-workflow-name').inputValue(), `${name} v2`);
  await openNode(page, 'HTTP Request');
  assert.match(await page.locator('[data-testid="param-url"] input').inputValue(), /\/hello$/);

  // And it is in the list.
  await page.goto(`${studioUrl}/workflows`);
  await page.getByText(`${name} v2`).first().waitFor();
}
