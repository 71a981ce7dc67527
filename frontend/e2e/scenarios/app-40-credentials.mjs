// Credentials: a typed form from the credential type, the secret never shown again, edit keeps it, sharing, the test
// button on a testable type with its failure in words, delete with confirmation.
import assert from 'node:assert/strict';

const MASK = '__hetumind_masked__';

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const secret = `s3cret-${stamp}`;
  await page.goto(`${studioUrl}/credentials`);
  await page.getByTestId('credentials-page').waitFor();

  await page.getByTestId('credential-create').click();
  await page.getByTestId('credential-type').selectOption('httpHeaderAuth');
  await page.getByTestId('credential-name-input').fill(`API key ${stamp}`);
  await page.getByTestId('credential-field-name').locator('input').fill('X-Api-Key');
  const secretBox = page.getByTestId('credential-field-value').locator('input');
  assert.equal(await secretBox.getAttribute('type'), 'password');
  await secretBox.fill(secret);
  await screenshot('30-credential-form');
  await page.getByTestId('credential-save').click();
  await page.getByTestId('notice').filter({ hasText: 'Created' }).waitFor();
  const row = page.getByTestId('credential-row').filter({ hasText: `API key ${stamp}` });
  await row.waitFor();
  const id = await row.getAttribute('data-credential-id');
  assert.ok(!(await page.content()).includes(secret), 'the secret is not on the page');

  // Edit: the secret box is empty (never shown again); renaming and sharing keep the stored secret.
  await row.getByTestId('credential-edit').click();
  assert.equal(await page.getByTestId('credential-field-value').locator('input').inputValue(), '');
  assert.equal(await page.getByTestId('credential-field-name').locator('input').inputValue(), 'X-Api-Key');
  await page.getByTestId('credential-name-input').fill(`API key ${stamp} (team)`);
  await page.getByTestId('credential-share-tenant').check();
  await page.getByTestId('credential-save').click();
  await page.getByTestId('notice').filter({ hasText: 'Saved' }).waitFor();
  await page.getByTestId('credential-row').filter({ hasText: 'everyone in the tenant' }).waitFor();
  const view = (await api(`/api/v1/credentials/${id}`, { expect: 200 })).body;
  assert.equal(view.name, `API key ${stamp} (team)`);
  assert.equal(view.data.value, MASK, 'the secret is still stored (masked)');
  assert.equal(view.sharing.tenant, true);

  // A bad value is refused in words and the form stays open.
  await page.getByTestId('credential-create').click();
  await page.getByTestId('credential-type').selectOption('httpHeaderAuth');
  await page.getByTestId('credential-name-input').fill(`API key ${stamp} (team)`);
  await page.getByTestId('credential-field-name').locator('input').fill('X-Other');
  await page.getByTestId('credential-field-value').locator('input').fill('v');
  await page.getByTestId('credential-save').click();
  const err = page.getByTestId('credential-form').getByTestId('error');
  await err.waitFor();
  assert.ok(!(await err.textContent()).includes('{'), 'a duplicate name is explained in words');
  await page.getByTestId('credential-cancel').click();

  // A testable type gets a Test button; an unreachable database fails in words.
  const types = (await api('/api/v1/credential-types', { expect: 200 })).body;
  const testable = types.find((t) => t.testable);
  if (testable) {
    await page.getByTestId('credential-create').click();
    await page.getByTestId('credential-type').selectOption(testable.id);
    await page.getByTestId('credential-name-input').fill(`Test me ${stamp}`);
    for (const p of testable.properties) {
      const box = page.getByTestId(`credential-field-${p.name}`).locator('input:not([type=checkbox])');
      if ((await box.count()) === 0) continue;
      if (p.name === 'host') await box.fill('127.0.0.1');
      else if (p.name === 'port') await box.fill('1');
      else if (p.required && !(await box.inputValue())) await box.fill('x');
    }
    await page.getByTestId('credential-save').click();
    const testRow = page.getByTestId('credential-row').filter({ hasText: `Test me ${stamp}` });
    await testRow.waitFor();
    await testRow.getByTestId('credential-test').click();
    const result = testRow.getByTestId('credential-test-result');
    await result.waitFor({ timeout: 20_000 });
    assert.match(await result.textContent(), /Test failed: \S/);
  }
  await screenshot('31-credentials');

  // Delete after confirming.
  await row.getByTestId('credential-delete').click();
  await page.getByTestId('confirm-ok').click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await api(`/api/v1/credentials/${id}`)).status, 404);
}
