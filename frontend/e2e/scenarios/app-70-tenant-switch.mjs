// Tenant switcher: the owner also belongs to a second tenant; switching (password asked again, a wrong one refused
// in words) shows that tenant's workflows only, and switching back shows the first tenant's again.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, screenshot, api, email, password, stamp, signIn }) {
  const me = (await api('/iam/api/v1/users/me', { expect: 200 })).body;
  const home = me.tenant;
  const second = (await api('/iam/api/v1/tenants', { method: 'POST', body: { name: `Second ${stamp}` }, expect: 201 })).body;
  assert.notEqual(second.id, home);

  // One workflow in each tenant; the second one's created with a token scoped to it.
  const homeName = `Home tenant flow ${stamp}`;
  const otherName = `Second tenant flow ${stamp}`;
  const doc = (name) => ({
    name,
    nodes: [{ id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
    connections: {},
  });
  await api('/api/v1/workflows', { method: 'POST', body: doc(homeName), expect: 201 });
  const signin = await fetch(`${studioUrl}/iam/api/v1/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, tenant: second.id }),
  });
  assert.equal(signin.status, 200, await signin.clone().text());
  const secondToken = (await signin.json()).accessToken;
  const created = await fetch(`${studioUrl}/api/v1/workflows`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secondToken}` },
    body: JSON.stringify(doc(otherName)),
  });
  assert.equal(created.status, 201, await created.clone().text());

  try {
    await switchAndBack(page, studioUrl, screenshot, password, home, second, homeName, otherName);
  } catch (e) {
    // later scenarios run in the first tenant: a failure half-way must not leave the page in the second, so the
    // stored session goes and a plain sign-in (the first tenant) starts again
    await page.evaluate(() => localStorage.clear()).catch(() => undefined);
    await page.goto(`${studioUrl}/signin`).catch(() => undefined);
    await signIn().catch(() => undefined);
    throw e;
  }
}

async function switchAndBack(page, studioUrl, screenshot, password, home, second, homeName, otherName) {
  // A fresh page load reads the caller's tenants again: the switcher offers both.
  await page.goto(`${studioUrl}/workflows`);
  await page.getByTestId('workflows-page').waitFor();
  const switcher = page.getByTestId('tenant-switcher');
  await page.locator(`[data-testid="tenant-switcher"] option[value="${second.id}"]`).waitFor({ state: 'attached' });
  assert.equal(await switcher.inputValue(), home);
  await page.getByTestId('workflow-row').filter({ hasText: homeName }).waitFor();

  // A wrong password is refused in words, and the tenant stays.
  await switcher.selectOption(second.id);
  await page.getByTestId('tenant-switch-dialog').waitFor();
  await page.getByTestId('tenant-switch-password').fill('not the password');
  await page.getByTestId('tenant-switch-confirm').click();
  const error = page.getByTestId('tenant-switch-dialog').getByTestId('error');
  await error.waitFor();
  assert.ok(!(await error.textContent()).includes('{'), 'refused in words');

  // The right one switches: the list holds the second tenant's workflows only.
  await page.getByTestId('tenant-switch-password').fill(password);
  await page.getByTestId('tenant-switch-confirm').click();
  await page.getByTestId('tenant-switch-dialog').waitFor({ state: 'detached' });
  await page.getByTestId('workflow-row').filter({ hasText: otherName }).waitFor();
  assert.equal(await switcher.inputValue(), second.id);
  assert.deepEqual(await page.getByTestId('workflow-name').allTextContents().then((t) => t.map((s) => s.trim())), [otherName]);
  await screenshot('11-tenant-switched');

  // And back: the first tenant's workflows, none of the second's.
  await switcher.selectOption(home);
  await page.getByTestId('tenant-switch-password').fill(password);
  await page.getByTestId('tenant-switch-confirm').click();
  await page.getByTestId('tenant-switch-dialog').waitFor({ state: 'detached' });
  await page.getByTestId('workflow-row').filter({ hasText: homeName }).waitFor();
  assert.equal(await switcher.inputValue(), home);
  assert.equal(await page.getByTestId('workflow-row').filter({ hasText: otherName }).count(), 0);
}
