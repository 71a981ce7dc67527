// Open a past execution of the workflow built in designer-10: the same data on the canvas, and a timeline.
import assert from 'node:assert/strict';
import { badge, openNode } from '../designer/helpers.mjs';

export default async function (ctx) {
  const { page, studioUrl, screenshot, api } = ctx;
  assert.ok(ctx.designerWorkflowId, 'designer-10 saved a workflow');
  const list = await api(`/api/v1/executions?workflowId=${ctx.designerWorkflowId}`, { expect: 200 });
  // the full run (designer-10 also ran "up to" a node, which has no Edit Fields data)
  let past;
  for (const e of list.body.items.filter((x) => x.status === 'success')) {
    const detail = await api(`/api/v1/executions/${e.id}`, { expect: 200 });
    if (detail.body.runData['Edit Fields']) {
      past = e;
      break;
    }
  }
  assert.ok(past, 'a successful run of the whole workflow exists');
  await page.goto(`${studioUrl}/workflows/${ctx.designerWorkflowId}?execution=${past.id}`);
  await page.getByTestId('timeline').waitFor();
  await badge(page, 'Edit Fields', 'success', /1 item/);
  await page.getByTestId('timeline-HTTP Request').waitFor();
  await openNode(page, 'Edit Fields');
  assert.match(await page.getByTestId('output-table').textContent(), /hello from e2e/);
  assert.equal(await page.getByTestId('run-workflow').count(), 0, 'a replay is read-only');
  await screenshot('23-designer-replay');
}
