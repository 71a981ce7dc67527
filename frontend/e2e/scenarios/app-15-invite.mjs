// Invitations: the owner invites an address; the invitee opens /invite?token=…, signs up with it and lands in the
// inviting tenant. Then the owner signs back in (later scenarios run as the owner).
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, api, stamp, signIn }) {
  const invitee = `invitee-${stamp}@example.test`;
  const created = await api('/iam/api/v1/invitations', {
    method: 'POST',
    body: { email: invitee, role: 'editor' },
    expect: 201,
  });
  const token = created.body.token;
  assert.match(token, /^hmi_/);

  await page.goto(`${studioUrl}/workflows`);
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/signin/);

  // A broken link is explained.
  await page.goto(`${studioUrl}/invite`);
  await page.getByTestId('error').waitFor();

  await page.goto(`${studioUrl}/invite?token=${encodeURIComponent(token)}`);
  await page.getByTestId('invite-signup').waitFor();
  await page.getByTestId('invite-name').fill('Invited Editor');
  await page.getByTestId('invite-email').fill(invitee);
  await page.getByTestId('invite-password').fill('another long passphrase');
  await page.getByTestId('invite-signup-submit').click();
  await page.waitForURL(/\/workflows$/);
  await page.getByTestId('shell').waitFor();
  await page.getByTestId('user-email').filter({ hasText: invitee }).waitFor();
  const tenant = await page.getByTestId('tenant-switcher').locator('option:checked').textContent();
  assert.equal(tenant, `E2E ${stamp}`, 'the invitee joined the inviting tenant');

  // The token is single-use: a second sign-up with it is refused in words.
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/signin/);
  await page.goto(`${studioUrl}/invite?token=${encodeURIComponent(token)}`);
  await page.getByTestId('invite-name').fill('Someone Else');
  await page.getByTestId('invite-email').fill(`other-${stamp}@example.test`);
  await page.getByTestId('invite-password').fill('yet another passphrase');
  await page.getByTestId('invite-signup-submit').click();
  const error = page.getByTestId('error');
  await error.waitFor();
  assert.ok(!(await error.textContent()).includes('{'), 'refused in words');

  // Back to the owner.
  await page.goto(`${studioUrl}/signin`);
  await signIn();
}
