// Helpers the designer scenarios share: drag from the palette, connect two ports, wait for a badge.
import assert from 'node:assert/strict';

/** Drags a palette entry onto the canvas at (x, y) relative to the canvas's top-left corner. */
export async function dropNode(page, type, x, y) {
  await page.getByTestId('palette-search').fill('');
  const item = page.getByTestId(`palette-item-${type}`);
  await item.scrollIntoViewIfNeeded();
  await item.dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drags from output `out` of one node to input `inp` of another, as a user connects ports. */
export async function connect(page, from, out, to, inp = 0) {
  const s = await page.getByTestId(`handle-out-${from}-${out}`).boundingBox();
  const t = await page.getByTestId(`handle-in-${to}-${inp}`).boundingBox();
  assert.ok(s && t, `ports of ${from} and ${to} are on screen`);
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move((s.x + t.x) / 2, (s.y + t.y) / 2, { steps: 5 });
  await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 5 });
  await page.mouse.up();
}

export async function openNode(page, name) {
  // the details panel narrows the canvas and may cover the node: close it first
  if (await page.getByTestId('close-details').count()) await page.getByTestId('close-details').click();
  await page.getByTestId(`node-${name}`).click();
  await page.getByTestId(`details-${name}`).waitFor();
}

export async function closeDetails(page) {
  await page.getByTestId('close-details').click();
}

/** Waits until a node's badge shows `state` (and `text`, when given); returns the badge's text. */
export async function badge(page, name, state, text = undefined, timeout = 30_000) {
  let b = page.locator(`[data-testid="node-status-${name}"][data-status="${state}"]`);
  if (text) b = b.filter({ hasText: text });
  await b.waitFor({ timeout });
  return (await b.textContent()).trim();
}

export async function edgeCount(page) {
  return page.locator('.vue-flow__edge').count();
}

export async function message(page, pattern, timeout = 20_000) {
  const m = page.getByTestId('designer-message').filter({ hasText: pattern });
  await m.waitFor({ timeout });
  return (await m.textContent()).trim();
}
