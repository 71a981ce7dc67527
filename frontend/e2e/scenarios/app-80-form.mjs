// The n8n Form Trigger's page in a real browser: an active workflow serves its form at /form/<path>; the page checks
// required, email, number and choice-count rules before sending, posts the answers (a file included) and shows the
// builder's text; the run's item holds the answers under the elements' Field Names (version 2.5). A second form
// redirects after sending. The page runs only its own script (its CSP names a per-page nonce): a script in the
// builder's HTML never runs.
import assert from 'node:assert/strict';

function formWorkflow(stamp, path, respondWith) {
  return {
    name: `Form ${path}`,
    nodes: [
      {
        id: 'f',
        name: 'On form submission',
        type: 'hetumind.formTrigger',
        typeVersion: 2.5,
        position: [0, 0],
        parameters: {
          formTitle: 'Join the beta',
          formDescription: 'Tell us who you are<script>window.hacked = true</script>',
          formFields: {
            values: [
              { fieldLabel: 'Your name', fieldName: 'name', requiredField: true },
              { fieldLabel: 'Email', fieldName: 'email', fieldType: 'email', requiredField: true },
              { fieldLabel: 'Team size', fieldName: 'size', fieldType: 'number' },
              {
                fieldLabel: 'Interests',
                fieldName: 'interests',
                fieldType: 'checkbox',
                limitSelection: 'range',
                minSelections: 1,
                maxSelections: 2,
                fieldOptions: { values: [{ option: 'automation' }, { option: 'ai' }, { option: 'ops' }] },
              },
              {
                fieldLabel: 'Plan',
                fieldName: 'plan',
                fieldType: 'radio',
                fieldOptions: { values: [{ option: 'free' }, { option: 'pro' }] },
              },
              {
                fieldLabel: 'Country',
                fieldName: 'country',
                fieldType: 'dropdown',
                fieldOptions: { values: [{ option: 'NL' }, { option: 'FR' }] },
              },
              { fieldLabel: 'Notes', fieldName: 'notes', fieldType: 'textarea' },
              { fieldLabel: 'Logo', fieldName: 'logo', fieldType: 'file', multipleFiles: false },
              { fieldType: 'html', html: '<p onclick="window.hacked = true">Thanks for trying it</p><script>window.hacked = true</script>' },
            ],
          },
          options: { path, respondWithOptions: { values: respondWith } },
        },
        webhookId: `form-${stamp}`,
      },
      {
        id: 's',
        name: 'Greet',
        type: 'hetumind.set',
        typeVersion: 3.4,
        position: [260, 0],
        parameters: {
          assignments: { assignments: [{ id: 'a1', name: 'greeting', value: '=Welcome {{ $json.name }}', type: 'string' }] },
          options: {},
        },
      },
    ],
    connections: { 'On form submission': { main: [[{ node: 'Greet', type: 'main', index: 0 }]] } },
    settings: { timezone: 'Europe/Amsterdam' },
  };
}

async function activeForm(api, stamp, path, respondWith) {
  const id = (await api('/api/v1/workflows', { method: 'POST', body: formWorkflow(stamp, path, respondWith), expect: 201 }))
    .body.id;
  await api(`/api/v1/workflows/${id}/activate`, { method: 'POST', expect: 200 });
  return id;
}

async function lastRun(api, id) {
  for (let i = 0; i < 100; i++) {
    const items = (await api(`/api/v1/executions?workflowId=${id}`, { expect: 200 })).body.items;
    if (items.length && items[0].status !== 'running' && items[0].status !== 'queued') {
      return (await api(`/api/v1/executions/${items[0].id}`, { expect: 200 })).body;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no finished run of workflow ${id}`);
}

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const path = `e2e-form-${stamp}`;
  const id = await activeForm(api, stamp, path, { respondWith: 'text', formSubmittedText: 'See you soon!' });
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });

  await page.goto(`${studioUrl}/form/${path}?name=Ada`);
  await page.getByRole('heading', { name: 'Join the beta' }).waitFor();
  assert.equal(await page.locator('#field-0').inputValue(), 'Ada', 'the query prefills the element of that name');
  assert.match(await page.locator('.description').first().textContent(), /Tell us who you are/);

  // rules checked in the page: nothing is sent until they hold
  await page.locator('#field-0').fill('');
  await page.locator('#field-1').fill('not-an-email');
  await page.getByRole('button', { name: 'Submit' }).click();
  assert.equal(await page.locator('#error-0').textContent(), 'This field is required');
  assert.equal(await page.locator('#error-1').textContent(), 'Enter a valid email address in this field');
  assert.equal(await page.locator('#error-3').textContent(), 'You must select at least 1 option');
  await screenshot('80-form-errors');

  await page.locator('#field-0').fill('  Ada Lovelace ');
  await page.locator('#field-1').fill('ada@example.test');
  await page.locator('#field-2').fill('12');
  for (const label of ['automation', 'ai', 'ops']) await page.getByLabel(label, { exact: true }).check();
  await page.getByRole('button', { name: 'Submit' }).click();
  assert.equal(await page.locator('#error-3').textContent(), 'You can select a maximum of 2 options');
  await page.getByLabel('ops', { exact: true }).uncheck();
  await page.getByLabel('free', { exact: true }).check();
  await page.getByLabel('pro', { exact: true }).check(); // radio buttons: one at a time
  assert.equal(await page.getByLabel('free', { exact: true }).isChecked(), false);
  await page.locator('#field-5').selectOption('FR');
  await page.locator('#field-6').fill('Line one\nLine two');
  await page.locator('#field-7').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.locator('#submitted').waitFor({ state: 'visible' });
  assert.equal((await page.locator('#submitted-text').textContent()).trim(), 'See you soon!');
  await screenshot('81-form-submitted');
  assert.equal(await page.evaluate(() => window.hacked), undefined, "the builder's HTML ran no script");
  assert.deepEqual(violations, [], 'nothing on the page needed blocking: the builder\'s script never reached it');

  const run = await lastRun(api, id);
  assert.equal(run.status, 'success');
  const item = run.runData['On form submission'][0].data.main[0][0];
  assert.deepEqual(Object.keys(item.json), [
    'name', 'email', 'size', 'interests', 'plan', 'country', 'notes', 'logo', 'submittedAt', 'formMode', 'formQueryParameters',
  ]);
  assert.equal(item.json.name, 'Ada Lovelace');
  assert.equal(item.json.size, 12);
  assert.deepEqual(item.json.interests, ['automation', 'ai']);
  assert.equal(item.json.plan, 'pro');
  assert.equal(item.json.country, 'FR');
  // a browser sends a textarea's line breaks as CRLF in multipart (as to n8n's page): kept as sent
  assert.equal(item.json.notes, 'Line one\r\nLine two');
  assert.deepEqual(item.json.logo, { filename: 'logo.svg', mimetype: 'image/svg+xml', size: 6 });
  assert.deepEqual(item.json.formQueryParameters, { name: 'Ada' });
  assert.equal(item.json.formMode, 'production');
  assert.match(item.json.submittedAt, /T\d\d:\d\d:\d\d\.\d{3}\+0[12]:00$/, 'written in the workflow zone (2.5)');
  assert.equal(item.binary.logo.fileName, 'logo.svg');
  assert.equal(run.runData.Greet[0].data.main[0][0].json.greeting, 'Welcome Ada Lovelace');

  // a form that redirects once sent
  const away = `e2e-form-away-${stamp}`;
  await activeForm(api, stamp, away, { respondWith: 'redirect', redirectUrl: `${studioUrl}/q/health` });
  await page.goto(`${studioUrl}/form/${away}`);
  await page.locator('#field-0').fill('Grace');
  await page.locator('#field-1').fill('grace@example.test');
  await page.getByLabel('ai', { exact: true }).check();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(`${studioUrl}/q/health`);
}
