// Templates: the gallery, importing a template file, a typed parameter form that refuses what does not read,
// instantiation into a workflow that opens in the designer, export and delete.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, screenshot, api, stamp }) {
  const name = `greeter-${stamp}`;
  const template = {
    hetumindTemplate: 1,
    name,
    version: 1,
    description: 'Greets someone a number of times.',
    parameters: [
      { name: 'who', type: 'string', required: true, description: 'Whom to greet' },
      { name: 'times', type: 'number', default: 2, required: false },
      { name: 'loud', type: 'boolean', default: false, required: false },
      { name: 'extra', type: 'json', default: { lang: 'en' }, required: false },
    ],
    workflow: {
      name: 'Greet ${param:who}',
      nodes: [
        { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 's',
          name: 'Greet',
          type: 'hetumind.set',
          typeVersion: 3.4,
          position: [220, 0],
          parameters: {
            mode: 'manual',
            assignments: {
              assignments: [
                { id: 'a', name: 'greeting', value: 'Hello, ${param:who}!', type: 'string' },
                { id: 'b', name: 'times', value: { $param: 'times' }, type: 'number' },
                { id: 'c', name: 'loud', value: { $param: 'loud' }, type: 'boolean' },
                { id: 'd', name: 'extra', value: { $param: 'extra' }, type: 'object' },
              ],
            },
            options: {},
          },
        },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'Greet', type: 'main', index: 0 }]] } },
    },
  };

  await page.goto(`${studioUrl}/workflows`);
  await page.getByTestId('nav-templates').click();
  await page.waitForURL(/\/templates$/);
  // The built-in gallery is there.
  await page.locator('[data-testid="gallery-template"][data-name="webhook-transform-respond"]').waitFor();
  assert.ok((await page.getByTestId('gallery-template').count()) >= 3, 'the gallery lists the built-in templates');

  // A template whose parameter is declared but never used is refused, with the reason.
  const unused = { ...template, name: `${name}-bad`, parameters: [...template.parameters, { name: 'ghost', type: 'string' }] };
  await page.getByTestId('template-import-file').setInputFiles({
    name: 'bad.template.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(unused)),
  });
  const refusal = page.getByTestId('error').filter({ hasText: 'bad.template.json was not imported' });
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /ghost/);
  const listed = (await api('/api/v1/templates', { expect: 200 })).body.items;
  assert.ok(!listed.some((t) => t.name === unused.name), 'a refused template is not stored');

  // The good one imports.
  await page.getByTestId('template-import-file').setInputFiles({
    name: 'greeter.template.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(template)),
  });
  await page.getByTestId('notice').filter({ hasText: `Imported template “${name}”` }).waitFor();
  const row = page.getByTestId('template-row').filter({ hasText: name });
  await row.waitFor();

  // Use it: the form shows the defaults; an empty required value and a number that does not read are refused.
  await row.getByTestId('template-use').click();
  const form = page.getByTestId('template-form');
  await form.waitFor();
  assert.equal(await form.getByTestId('param-times').inputValue(), '2');
  assert.match(await form.getByTestId('param-extra').inputValue(), /"lang": "en"/);
  // Left empty, the name is the template's own with its placeholders filled in; it shows as the placeholder.
  assert.equal(await form.getByTestId('template-workflow-name').inputValue(), '');
  assert.equal(await form.getByTestId('template-workflow-name').getAttribute('placeholder'), 'Greet ${param:who}');
  await form.getByTestId('template-workflow-name').fill(`Greeter ${stamp}`);
  await form.getByTestId('param-times').fill('twice');
  await form.getByTestId('template-create').click();
  const whoError = form.locator('[data-param="who"] [data-testid="param-error"]');
  await whoError.waitFor();
  assert.equal(await whoError.textContent(), 'required');
  assert.match(await form.locator('[data-param="times"] [data-testid="param-error"]').textContent(), /twice/);
  await screenshot('60-template-form-errors');
  const before = (await api(`/api/v1/workflows?name=${encodeURIComponent(`Greeter ${stamp}`)}`, { expect: 200 })).body.items;
  assert.equal(before.length, 0, 'nothing was made while the form did not read');

  await form.getByTestId('param-who').fill('Ada');
  await form.getByTestId('param-times').fill('3');
  await form.getByTestId('param-loud').check();
  await form.getByTestId('param-extra').fill('{"lang": "fr", "tags": ["a"]}');
  await form.getByTestId('template-create').click();
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  const wf = (await api(`/api/v1/workflows/${id}`, { expect: 200 })).body;
  assert.equal(wf.name, `Greeter ${stamp}`);
  const values = Object.fromEntries(
    wf.workflow.nodes.find((n) => n.name === 'Greet').parameters.assignments.assignments.map((a) => [a.name, a.value]),
  );
  assert.deepEqual(values, { greeting: 'Hello, Ada!', times: 3, loud: true, extra: { lang: 'fr', tags: ['a'] } });
  await page.getByTestId('canvas').waitFor();

  // A gallery template with its defaults plus the one required value.
  await page.goto(`${studioUrl}/templates`);
  await page.locator('[data-testid="gallery-template"][data-name="webhook-transform-respond"]').getByTestId('template-use').click();
  await form.waitFor();
  await form.getByTestId('param-path').fill(`hook-${stamp}`);
  await form.getByTestId('template-create').click();
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
  const hook = (await api(`/api/v1/workflows/${page.url().split('/').pop()}`, { expect: 200 })).body;
  assert.equal(hook.name, `Webhook hook-${stamp}: transform and respond`);
  assert.equal(hook.workflow.nodes.find((n) => n.name === 'Webhook').parameters.path, `hook-${stamp}`);

  // Export downloads the document; delete asks first and removes it.
  await page.goto(`${studioUrl}/templates`);
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('template-export').click()]);
  assert.equal(download.suggestedFilename(), `${name}.template.json`);
  await row.getByTestId('template-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('notice').filter({ hasText: `Deleted template “${name}”` }).waitFor();
  const after = (await api('/api/v1/templates', { expect: 200 })).body.items;
  assert.ok(!after.some((t) => t.name === name), 'the template is gone');
  assert.equal((await api(`/api/v1/workflows/${id}`)).status, 200, 'the workflow made from it stays');
}
