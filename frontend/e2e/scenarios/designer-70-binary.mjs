// Binary preview in the output panel: Edit Fields makes a text and a base64 PNG, two Convert to File nodes turn them
// into attachments; the Binary tab reads the bytes from the studio and shows the text and the decoded image, and the
// studio serves only attachments the execution names.
import assert from 'node:assert/strict';
import { badge, message, openNode } from '../designer/helpers.mjs';

// a 48×48 gradient
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAA00lEQVR42u3OsYoBAADHYQ9hsVhuucVisRhOXVIMBkq/FIPBlaQYDJSk7gYDpU' +
  'sxGCjpisFwSlJuMNyVpBgMrnRdMRgoWXgL0/97gs9wxX7h6cTzAdcOzx/eX3xrAkuCc8I/RKZEJ8RGJAak+qS7ZDrkWhQavNUovlMqUylSfaWe' +
  'p5Glmaad5CNO74V+hM8QQxj7+fIydfPtZOZgYWdlY21lY2H7yP8DezMHE0cjZ4NCCimkkEIKKaSQQgoppJBCCimkkEIKKaSQQgoppJBCCt0vdA' +
  'OZAGpELQjLwQAAAABJRU5ErkJggg==';

export default async function ({ page, studioUrl, screenshot, api, stamp, email, password }) {
  const text = `Hello binary from e2e ${stamp}`;
  const doc = {
    name: `Binary preview ${stamp}`,
    nodes: [
      { id: 't', name: 'Manual Trigger', type: 'hetumind.manualTrigger', typeVersion: 1, position: [0, 100], parameters: {} },
      {
        id: 's',
        name: 'Edit Fields',
        type: 'hetumind.set',
        typeVersion: 3.4,
        position: [240, 100],
        parameters: {
          assignments: {
            assignments: [
              { id: 'a1', name: 'text', value: text, type: 'string' },
              { id: 'a2', name: 'png', value: PNG, type: 'string' },
            ],
          },
          options: {},
        },
      },
      {
        id: 'f1',
        name: 'Text File',
        type: 'hetumind.convertToFile',
        typeVersion: 1.1,
        position: [500, 0],
        parameters: { operation: 'toText', sourceProperty: 'text', binaryPropertyName: 'data', options: { fileName: 'greeting.txt' } },
      },
      {
        id: 'f2',
        name: 'Image File',
        type: 'hetumind.convertToFile',
        typeVersion: 1.1,
        position: [500, 200],
        parameters: {
          operation: 'toBinary',
          sourceProperty: 'png',
          binaryPropertyName: 'picture',
          options: { fileName: 'dot.png', mimeType: 'image/png' },
        },
      },
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] },
      'Edit Fields': {
        main: [
          [
            { node: 'Text File', type: 'main', index: 0 },
            { node: 'Image File', type: 'main', index: 0 },
          ],
        ],
      },
    },
  };
  const id = (await api('/api/v1/workflows', { method: 'POST', body: doc, expect: 201 })).body.id;
  await page.goto(`${studioUrl}/workflows/${id}`);
  await page.getByTestId('node-Text File').waitFor();
  await page.getByTestId('run-workflow').click();
  await badge(page, 'Text File', 'success', /1 item/);
  await badge(page, 'Image File', 'success', /1 item/);
  await message(page, /Run finished: success/);

  // The text file: name, type and size listed, its content previewed.
  await openNode(page, 'Text File');
  await page.getByTestId('output-table-binary-tab').click();
  const entry = page.getByTestId('output-table-binary');
  await entry.waitFor();
  assert.match(await entry.textContent(), /greeting\.txt/);
  assert.match(await entry.textContent(), /text\/plain/);
  assert.equal((await entry.getByTestId('binary-text').textContent()).trim(), text);

  // The image: the bytes decode to the 48×48 PNG.
  await openNode(page, 'Image File');
  await page.getByTestId('output-table-binary-tab').click();
  const img = page.getByTestId('output-table-binary').getByTestId('binary-image');
  await img.waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="binary-image"]')?.complete && document.querySelector('[data-testid="binary-image"]').naturalWidth > 0,
  );
  assert.deepEqual(await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]), [48, 48]);
  await screenshot('28-designer-binary');

  // The endpoint behind it: an attachment the execution names, and nothing else.
  const last = (await api(`/api/v1/executions?workflowId=${id}`, { expect: 200 })).body.items[0];
  const detail = await api(`/api/v1/executions/${last.id}`, { expect: 200 });
  const ref = detail.body.runData['Text File'][0].data.main[0][0].binary.data.id;
  const served = await api(`/api/v1/executions/${last.id}/binary?ref=${encodeURIComponent(ref)}`, { expect: 200 });
  assert.equal(served.body, text);
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  const unknown = ref.replace(/[0-9a-f]{8}$/, '00000000');
  assert.equal((await api(`/api/v1/executions/${last.id}/binary?ref=${encodeURIComponent(unknown)}`)).status, 404);
  assert.equal((await api(`/api/v1/executions/${last.id}/binary`)).status, 400);

  // Another tenant of the same user does not see it.
  const other = (await api('/iam/api/v1/tenants', { method: 'POST', body: { name: `Binary other ${stamp}` }, expect: 201 })).body;
  const signin = await fetch(`${studioUrl}/iam/api/v1/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, tenant: other.id }),
  });
  assert.equal(signin.status, 200);
  const foreign = await fetch(`${studioUrl}/api/v1/executions/${last.id}/binary?ref=${encodeURIComponent(ref)}`, {
    headers: { Authorization: `Bearer ${(await signin.json()).accessToken}` },
  });
  assert.equal(foreign.status, 404, 'another tenant gets a 404');
}
