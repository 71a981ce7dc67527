// Sign-in, sign-out, errors in words, a reload keeps the session (refresh token in storage), protected routes.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, email, password, screenshot }) {
  await page.goto(`${studioUrl}/workflows`);
  // the shell shows the signed-in user once IAM's profile has loaded
  await page.getByTestId('user-email').filter({ hasText: email }).waitFor();

  // A reload resumes the session silently.
  await page.reload();
  await page.getByTestId('shell').waitFor();
  assert.match(page.url(), /\/workflows$/);

  // Sign out: back to sign-in, and protected pages send you there with a way back.
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/signin/);
  await page.goto(`${studioUrl}/credentials`);
  await page.waitForURL(/\/signin\?next=(%2F|\/)credentials$/);
  const stored = await page.evaluate(() => localStorage.getItem('hetumind.refreshToken'));
  assert.equal(stored, null, 'signing out forgets the refresh token');

  // A wrong password is explained in words, never as JSON.
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill('not the password at all');
  await page.getByTestId('signin-submit').click();
  const error = page.getByTestId('error');
  await error.waitFor();
  const words = (await error.textContent()).trim();
  assert.ok(words.length > 5 && !words.startsWith('{'), `error in words: ${words}`);
  await screenshot('03-sign-in-error');

  // The right one leads back to where the user was going.
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL(/\/credentials$/);
  await page.getByTestId('credentials-page').waitFor();

  // Unknown app routes show a page of their own; a reload of a deep link serves the app (studio SPA fallback).
  await page.goto(`${studioUrl}/no/such/page`);
  await page.getByText('Nothing here').waitFor();
  await page.goto(`${studioUrl}/executions`);
  await page.getByTestId('executions-page').waitFor();
}
