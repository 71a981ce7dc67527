// Workflows list: import by file picker (n8n JSON) and by dropping a file (YAML), search, tag and active filters,
// activate/deactivate, export as a download, delete with confirmation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export default async function ({ page, studioUrl, testServerUrl, screenshot, api, fixtures, stamp }) {
  const n8n = readFileSync(join(fixtures, 'n8n-webhook.json'), 'utf8').replace('"PATH"', `"e2e-${stamp}"`);
  const yaml = readFileSync(join(fixtures, 'manual-http.yaml'), 'utf8').replace('URL', `${testServerUrl || studioUrl}/hello`);
  await page.goto(`${studioUrl}/workflows`);
  await page.getByTestId('workflows-page').waitFor();

  // Import with the file picker.
  await page.getByTestId('workflow-import-file').setInputFiles({
    name: 'inbound-lead.json',
    mimeType: 'application/json',
    buffer: Buffer.from(n8n),
  });
  await page.getByTestId('notice').filter({ hasText: 'Imported “Inbound lead E2E”' }).waitFor();

  // Import by dropping a file onto the page.
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'manual-fetch.yaml', { type: 'application/yaml' }));
    const zone = document.querySelector('[data-testid="workflows-page"]');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, yaml);
  await page.getByTestId('notice').filter({ hasText: 'Imported “Manual fetch E2E”' }).waitFor();
  await rows(page, 2);

  // A broken file is refused in words and nothing is imported.
  await page.getByTestId('workflow-import-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"name": "Broken", "nodes": [{"name": "X", "type": "n8n-nodes-base.noSuchNode"}], "connections": {}}'),
  });
  const err = page.getByTestId('error');
  await err.waitFor();
  assert.match(await err.textContent(), /^broken\.json was not imported: [^{]/);
  await rows(page, 2);
  await screenshot('10-workflows');

  // Search by name and filter by tag (n8n's tag objects became tags) and by active.
  await page.getByTestId('workflow-search').fill('manual');
  await rows(page, 1);
  assert.equal(await page.getByTestId('workflow-name').first().textContent(), 'Manual fetch E2E');
  await page.getByTestId('workflow-search').fill('');
  await rows(page, 2);
  await page.getByTestId('workflow-tag-filter').selectOption('sales');
  await rows(page, 1);
  assert.equal(await page.getByTestId('workflow-name').first().textContent(), 'Inbound lead E2E');
  await page.getByTestId('workflow-tag-filter').selectOption('');
  await rows(page, 2);

  // Activate the webhook workflow; the manual one cannot be (its reason is shown in words).
  const lead = page.getByTestId('workflow-row').filter({ hasText: 'Inbound lead E2E' });
  await lead.getByTestId('workflow-active').click();
  await page.getByTestId('notice').filter({ hasText: 'is active now' }).waitFor();
  const leadId = await lead.getAttribute('data-workflow-id');
  assert.equal((await api(`/api/v1/workflows/${leadId}`, { expect: 200 })).body.active, true);
  await page.getByTestId('workflow-active-filter').selectOption('true');
  await rows(page, 1);
  await page.getByTestId('workflow-active-filter').selectOption('');
  await rows(page, 2);
  const manual = page.getByTestId('workflow-row').filter({ hasText: 'Manual fetch E2E' });
  await manual.getByTestId('workflow-active').click();
  await page.getByTestId('error').waitFor();
  assert.ok(!(await page.getByTestId('error').textContent()).includes('{'));
  assert.equal(await manual.getByTestId('workflow-active').isChecked(), false);
  await lead.getByTestId('workflow-active').click();
  await page.getByTestId('notice').filter({ hasText: 'is inactive now' }).waitFor();

  // Export downloads the Hetumind document.
  const [download] = await Promise.all([page.waitForEvent('download'), lead.getByTestId('workflow-export').click()]);
  assert.equal(download.suggestedFilename(), 'Inbound_lead_E2E.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.name, 'Inbound lead E2E');
  assert.ok(exported.nodes.some((n) => n.name === 'Sticky Note'), 'sticky notes are kept');

  // Delete asks first; cancel keeps it, confirm deletes it.
  await manual.getByTestId('workflow-delete').click();
  await page.getByTestId('confirm-dialog').waitFor();
  await page.getByTestId('confirm-cancel').click();
  await rows(page, 2);
  const manualId = await manual.getAttribute('data-workflow-id');
  await manual.getByTestId('workflow-delete').click();
  await page.getByTestId('confirm-ok').click();
  await rows(page, 1);
  assert.equal((await api(`/api/v1/workflows/${manualId}`)).status, 404);

  // A row opens the designer.
  await lead.getByTestId('workflow-name').click();
  await page.waitForURL(new RegExp(`/workflows/${leadId}$`));
}

async function rows(page, n) {
  await page.waitForFunction(
    (want) => document.querySelectorAll('[data-testid="workflow-row"]').length === want,
    n,
    { timeout: 15_000 },
  );
}
