// Options loaded by the studio (n8n's loadOptionsMethod) in the browser: the Postgres node's Schema and Table lists
// come from POST /api/v1/node-types/hetumind.postgres/options, run against a real PostgreSQL (TEST_PG_URL; the
// studio's e2e test passes its own test database). Without a credential the field says so; with one whose server is
// unreachable the studio's error shows in words; while a request is out the field says "Loading…"; a good credential
// lists the schemas, a chosen schema lists its tables, the chosen table is saved in the node's parameters, and ↻ loads
// a table created since.
import assert from 'node:assert/strict';

export default async function ({ page, studioUrl, screenshot, api, stamp, log }) {
  const url = process.env.TEST_PG_URL;
  assert.ok(url, 'TEST_PG_URL (postgresql://user[:password]@host:port/database) is needed: the Postgres node lists its tables');
  const pg = new URL(url);
  const schema = `e2e_${stamp}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');

  const credential = async (name, data) =>
    (await api('/api/v1/credentials', { method: 'POST', body: { name, type: 'postgres', data }, expect: 201 })).body.id;
  const good = await credential(`E2E pg ${stamp}`, {
    host: pg.hostname,
    port: Number(pg.port || 5432),
    database: decodeURIComponent(pg.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(pg.username) || 'postgres',
    ...(pg.password ? { password: decodeURIComponent(pg.password) } : {}),
    ssl: 'disable',
  });
  // port 1 on loopback: nothing listens, so the connection is refused at once
  await credential(`E2E pg down ${stamp}`, { host: '127.0.0.1', port: 1, database: 'postgres', user: 'postgres', password: 'x', ssl: 'disable' });

  // Tables to list, made through the studio itself: a Postgres node run with the good credential.
  const sql = async (query) => {
    const doc = {
      name: `E2E sql ${stamp} ${Date.now()}`,
      nodes: [
        { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'p',
          name: 'Postgres',
          type: 'hetumind.postgres',
          typeVersion: 2.5,
          position: [220, 0],
          parameters: { operation: 'executeQuery', query },
          credentials: { postgres: { id: good, name: `E2E pg ${stamp}` } },
        },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'Postgres', type: 'main', index: 0 }]] } },
    };
    const id = (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
    const run = await api(`/api/v1/workflows/${id}/execute`, { method: 'POST', body: { mode: 'inline' }, expect: 200 });
    assert.equal(run.body.status, 'success', `${query}: ${JSON.stringify(run.body).slice(0, 600)}`);
    await api(`/api/v1/workflows/${id}`, { method: 'DELETE' });
  };
  await sql(`CREATE SCHEMA ${schema}`);
  await sql(`CREATE TABLE ${schema}.alpha (id int)`);
  await sql(`CREATE TABLE ${schema}.beta (id int)`);

  try {
    await page.goto(`${studioUrl}/workflows/new`);
    await page.getByTestId('palette-search').fill('postgres');
    await page.getByTestId('palette-item-hetumind.postgres').click();
    await page.getByTestId('details-Postgres').waitFor();
    await page.locator('[data-testid="param-operation"] select').selectOption({ label: 'Select' });

    // No credential yet: the loader's refusal, in words, under the field.
    const schemaError = page.getByTestId('options-error-schema');
    await schemaError.waitFor();
    assert.match(await schemaError.textContent(), /credentials of type 'postgres' are not set/);

    // Hold the next loader calls, so the loading state can be seen; each is then let through to the real studio.
    // Once holding stops, calls pass straight through: unroute would race a call held meanwhile (Playwright lets
    // such a route go on by itself, and continuing it again throws "Route is already handled").
    const held = [];
    let holding = true;
    await page.route('**/api/v1/node-types/*/options', (route) => (holding ? held.push(route) : route.continue()));
    const release = async () => {
      for (let i = 0; i < 200 && held.length === 0; i++) await page.waitForTimeout(100);
      assert.ok(held.length > 0, 'the designer asked the studio for options');
      for (const r of held.splice(0)) await r.continue();
    };

    // An unreachable server: "Loading…" while the call is out, then the studio's error.
    const slot = page.locator('[data-testid="credential-postgres"] select');
    await slot.selectOption({ label: `E2E pg down ${stamp}` });
    await page.getByTestId('options-loading-schema').waitFor();
    assert.equal(await page.getByTestId('options-list-schema').getAttribute('aria-busy'), 'true');
    await page.getByTestId('options-refresh-schema').isDisabled().then((d) => assert.ok(d, 'no refresh while loading'));
    await screenshot('34-designer-options-loading');
    await release();
    await page.getByTestId('options-loading-schema').waitFor({ state: 'detached' });
    await page.waitForFunction(
      () => /option loader 'schemas'.*(refused|connect)/i.test(document.querySelector('[data-testid="options-error-schema"]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    const down = await schemaError.textContent();
    log(`unreachable server: ${down}`);
    assert.doesNotMatch(down, /[{}]/, 'words, not raw JSON');
    // the message has a line of its own: the mode and list selects beside it keep their width
    for (const sel of ['[data-testid="param-schema"] select', '[data-testid="options-list-schema"]']) {
      const box = await page.locator(sel).first().boundingBox();
      assert.ok(box && box.width >= 60, `${sel} keeps its width next to the error (${box?.width}px)`);
    }
    await screenshot('35-designer-options-error');

    // The good credential: the schemas of the test database.
    await slot.selectOption({ label: `E2E pg ${stamp}` });
    await release();
    await schemaError.waitFor({ state: 'detached', timeout: 30_000 });
    holding = false;
    for (const r of held.splice(0)) await r.continue();
    const schemaList = page.getByTestId('options-list-schema');
    await waitForOption(page, 'schema', schema);
    const schemas = await schemaList.locator('option').allTextContents();
    assert.ok(schemas.includes('public'), `public is listed: ${schemas.join(', ')}`);
    assert.ok(!schemas.some((s) => s.startsWith('pg_') || s === 'information_schema'), `no system schemas: ${schemas.join(', ')}`);

    // Choosing a schema reloads the tables (Table depends on it); choose one.
    await schemaList.selectOption({ label: schema });
    await waitForOption(page, 'table', 'beta');
    assert.deepEqual(await optionTexts(page, 'table'), ['— choose —', 'alpha', 'beta']);
    const missing = "required parameter 'Table' is missing";
    await page.waitForFunction((m) => document.body.innerText.includes(m), missing, { timeout: 30_000 });
    await page.getByTestId('options-list-table').selectOption({ label: 'beta' });
    // the validator takes the picked locator for a value: the node's problem goes away
    await page.waitForFunction((m) => !document.body.innerText.includes(m), missing, { timeout: 30_000 });
    await screenshot('36-designer-options-loaded');

    // ↻ asks again: a table made since appears, the choice stays.
    await sql(`CREATE TABLE ${schema}.gamma (id int)`);
    assert.ok(!(await optionTexts(page, 'table')).includes('gamma'), 'not before the refresh');
    await page.getByTestId('options-refresh-table').click();
    await waitForOption(page, 'table', 'gamma');
    assert.deepEqual(await optionTexts(page, 'table'), ['alpha', 'beta', 'gamma']);
    assert.equal(await selectedText(page, 'table'), 'beta');

    // The choices are the node's parameters: save and read the workflow back.
    await page.getByTestId('save-workflow').click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop();
    const saved = await api(`/api/v1/workflows/${id}`, { expect: 200 });
    const node = saved.body.workflow.nodes.find((n) => n.type === 'hetumind.postgres');
    assert.equal(node.parameters.operation, 'select');
    assert.deepEqual(node.parameters.schema, { __rl: true, mode: 'list', value: schema });
    assert.deepEqual(node.parameters.table, { __rl: true, mode: 'list', value: 'beta' });
    assert.equal(node.credentials.postgres.id, good);

    // After a reload the saved choice shows, from the list loaded again.
    await page.reload();
    await page.getByTestId('node-Postgres').click();
    await page.getByTestId('details-Postgres').waitFor();
    await waitForOption(page, 'table', 'gamma');
    assert.equal(await selectedText(page, 'table'), 'beta');
  } finally {
    await page.unroute('**/api/v1/node-types/*/options').catch(() => {});
    await sql(`DROP SCHEMA ${schema} CASCADE`).catch((e) => log(`cleanup: ${e.message}`));
  }
}

async function optionTexts(page, field) {
  return (await page.getByTestId(`options-list-${field}`).locator('option').allTextContents()).map((t) => t.trim());
}

async function selectedText(page, field) {
  return page.getByTestId(`options-list-${field}`).evaluate((s) => s.options[s.selectedIndex]?.textContent?.trim());
}

async function waitForOption(page, field, text) {
  await page.waitForFunction(
    ([sel, t]) => [...(document.querySelector(sel)?.options ?? [])].some((o) => o.textContent.trim() === t),
    [`[data-testid="options-list-${field}"]`, text],
    { timeout: 30_000 },
  );
}
