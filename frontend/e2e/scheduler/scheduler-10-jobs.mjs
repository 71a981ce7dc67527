// The scheduler pages against a real task-server and a real agent (services/task-it starts them): an agent token
// made for the new tenant, an agent started with it, then jobs, a run with its log, a cancel, a cron schedule
// enabled and disabled, drain/resume of the agent and a job deleted after confirmation — all through the UI.
import assert from 'node:assert/strict';

async function eventually(probe, ok, what, ms = 60_000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} within ${ms} ms; last: ${JSON.stringify(last)}`);
}

export default async function ({ page, studioUrl, testServerUrl, screenshot, api, stamp }) {
  assert.ok(testServerUrl, 'TEST_SERVER_URL names the peer that starts agents');
  const agent = `ui-${stamp}`;
  const token = await api('/iam/api/v1/agent-tokens', { method: 'POST', body: { name: agent, namespace: 'default' } });
  assert.ok(token.status === 200 || token.status === 201, `agent token: ${token.status} ${JSON.stringify(token.body)}`);
  const started = await fetch(`${testServerUrl}/agents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: agent, secret: token.body.secret }),
  });
  assert.equal(started.status, 201, `the agent starts: ${await started.text()}`);

  await page.goto(`${studioUrl}/workflows`);
  await page.getByTestId('nav-scheduler').click();
  await page.getByTestId('scheduler-page').waitFor();

  // The agent shows online (the Agents tab reads again by itself).
  await page.getByTestId('tab-agents').click();
  await page.getByTestId(`agent-state-${agent}`).filter({ hasText: 'online' }).waitFor({ timeout: 30_000 });

  // A job made in the form runs on that agent; its log shows in the page.
  await page.getByTestId('tab-jobs').click();
  const hello = `hello-${stamp}`;
  await page.getByTestId('job-name').fill(hello);
  await page.getByTestId('job-command').fill('echo');
  await page.getByTestId('job-args').fill('"hello from the designer" twice');
  await page.getByTestId('job-create').click();
  await page.getByTestId(`job-${hello}`).waitFor();
  await page.getByTestId(`run-${hello}`).click();
  await page.getByTestId('scheduler-notice').filter({ hasText: `“${hello}” queued` }).waitFor();
  await page.getByTestId('tab-runs').click();
  await page.getByTestId(`instance-status-${hello}`).filter({ hasText: 'succeeded' }).waitFor({ timeout: 45_000 });
  await page.getByTestId(`instance-${hello}`).click();
  await page.getByTestId('log-tail').filter({ hasText: 'hello from the designer twice' }).waitFor();
  await screenshot('scheduler-10-run-log');

  // A long run canceled from the page ends canceled, on the server too.
  await page.getByTestId('tab-jobs').click();
  const sleeper = `sleeper-${stamp}`;
  await page.getByTestId('job-name').fill(sleeper);
  await page.getByTestId('job-command').fill('sleep');
  await page.getByTestId('job-args').fill('120');
  await page.getByTestId('job-create').click();
  await page.getByTestId(`run-${sleeper}`).click();
  await page.getByTestId('tab-runs').click();
  await page.getByTestId(`instance-status-${sleeper}`).filter({ hasText: 'running' }).waitFor({ timeout: 45_000 });
  await page.getByTestId(`cancel-${sleeper}`).click();
  await page.getByTestId(`instance-status-${sleeper}`).filter({ hasText: 'canceled' }).waitFor({ timeout: 45_000 });
  const jobs = (await api('/tasks/api/v1/jobs?limit=50', { expect: 200 })).body.items;
  const sleeperJob = jobs.find((j) => j.name === sleeper);
  const runs = (await api(`/tasks/api/v1/task-instances?jobId=${sleeperJob.id}`, { expect: 200 })).body.items;
  assert.deepEqual(runs.map((r) => r.status), ['canceled']);

  // A cron schedule added, then disabled: the server agrees each time.
  await page.getByTestId('tab-jobs').click();
  await page.getByTestId(`job-${hello}`).click();
  await page.getByTestId('schedules').waitFor();
  await page.getByTestId('cron-expression').fill('0 3 * * *');
  await page.getByTestId('cron-zone').fill('Europe/Berlin');
  await page.getByTestId('cron-add').click();
  const schedule = page.getByTestId('schedule').filter({ hasText: '0 3 * * *' });
  await schedule.waitFor();
  assert.equal(await schedule.getAttribute('data-enabled'), 'true');
  const helloJob = jobs.find((j) => j.name === hello);
  const read = async () => (await api(`/tasks/api/v1/jobs/${helloJob.id}/schedules`, { expect: 200 })).body;
  assert.deepEqual((await read()).map((s) => [s.cron, s.timeZone, s.enabled]), [['0 3 * * *', 'Europe/Berlin', true]]);
  await schedule.getByTestId('schedule-toggle').click();
  await page.locator('[data-testid="schedule"][data-enabled="false"]').waitFor();
  await eventually(read, (list) => list.length === 1 && list[0].enabled === false, 'the schedule is disabled');

  // Drain and resume the agent.
  await page.getByTestId('tab-agents').click();
  await page.getByTestId(`drain-${agent}`).click();
  await page.getByTestId(`agent-state-${agent}`).filter({ hasText: 'draining' }).waitFor();
  await page.getByTestId(`resume-${agent}`).click();
  await page.getByTestId(`drain-${agent}`).waitFor();

  // Deleting asks first; cancelling keeps the job, confirming removes it.
  await page.getByTestId('tab-jobs').click();
  await page.getByTestId(`delete-${sleeper}`).click();
  await page.getByTestId('confirm-cancel').click();
  await page.getByTestId(`job-${sleeper}`).waitFor();
  await page.getByTestId(`delete-${sleeper}`).click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId(`job-${sleeper}`).waitFor({ state: 'detached' });
  const left = (await api('/tasks/api/v1/jobs?limit=50', { expect: 200 })).body.items.map((j) => j.name);
  assert.ok(left.includes(hello) && !left.includes(sleeper), `jobs left: ${left}`);
}
