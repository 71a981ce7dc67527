// Forms from descriptors in the browser: show-when rules reveal a credential slot, a credential is created in place
// from its typed form and selected; an expression without run data says so instead of guessing.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  await page.goto(`${studioUrl}/workflows/new`);
  await page.getByTestId('palette-item-hetumind.httpRequest').click(); // click to add: the panel opens
  await page.getByTestId('details-HTTP Request').waitFor();

  // Expression mode on the URL: CodeMirror, and an honest preview before any run.
  await page.getByTestId('expression-url').click();
  await page.getByTestId('expr-url').waitFor();
  assert.match(await page.getByTestId('preview-url').textContent(), /No input data yet|Result: /);
  await page.getByTestId('fixed-url').click();
  await page.locator('[data-testid="param-url"] input').waitFor();

  // Authentication → generic → header auth: the credential slot appears (its showWhen now matches).
  assert.equal(await page.getByTestId('credential-httpHeaderAuth').count(), 0);
  await page.locator('[data-testid="param-authentication"] select').selectOption({ label: await optionLabel(page, 'authentication', 'generic') });
  await page.locator('[data-testid="param-genericAuthType"] select').selectOption({ label: await optionLabel(page, 'genericAuthType', 'header') });
  const slot = page.getByTestId('credential-httpHeaderAuth');
  await slot.waitFor();

  // Create one in place.
  await slot.locator('select').selectOption('__new');
  const form = page.getByTestId('credential-form-httpHeaderAuth');
  await form.waitFor();
  const name = `E2E header ${stamp}`;
  await form.getByTestId('credential-name').fill(name);
  await form.locator('[data-testid="param-credential.name"] input').fill('X-Api-Key');
  assert.equal(await form.locator('[data-testid="param-credential.value"] input').getAttribute('type'), 'password');
  await form.locator('[data-testid="param-credential.value"] input').fill('e2e-secret-value');
  await screenshot('24-designer-credential');
  await form.getByTestId('credential-save').click();
  await form.waitFor({ state: 'detached' });

  // the form closes as the save is sent: wait for the credential to be listed rather than read the list once
  let created;
  for (const deadline = Date.now() + 10_000; !created && Date.now() < deadline; ) {
    const list = await api('/api/v1/credentials?type=httpHeaderAuth', { expect: 200 });
    created = list.body.items.find((c) => c.name === name);
    if (!created) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(created, 'the credential was created');
  assert.notEqual(created.data.value, 'e2e-secret-value', 'secrets never come back');
  await page.waitForFunction(
    ([sel, id]) => document.querySelector(sel)?.value === id,
    ['[data-testid="credential-httpHeaderAuth"] select', created.id],
    { timeout: 5000 },
  ).catch(() => {});
  assert.equal(await slot.locator('select').inputValue(), created.id, 'and it is selected on the node');
}

/** The label of the first option of a select whose text contains `word` (options are labelled by the descriptor). */
async function optionLabel(page, param, word) {
  const labels = await page.locator(`[data-testid="param-${param}"] select option`).allTextContents();
  const hit = labels.find((l) => l.toLowerCase().includes(word));
  assert.ok(hit, `an option of ${param} mentions ${word}: ${labels.join(', ')}`);
  return hit.trim();
}
