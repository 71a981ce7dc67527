// Compiles every src/test/wat/*.wat to <out>/<name>.wasm with wabt's wat2wasm (npm `wabt`, the
// WebAssembly Binary Toolkit compiled to JavaScript). Run by the Maven build; no binaries are committed.
//   node build-wat.mjs <outDir> [name ...]   (names without .wat: only those)
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const here = dirname(fileURLToPath(import.meta.url));
const [out, ...only] = process.argv.slice(2);
if (!out) {
  console.error('usage: node build-wat.mjs <outDir> [name ...]');
  process.exit(2);
}
const src = join(here, 'src', 'test', 'wat');
const wabt = await wabtInit();
mkdirSync(out, { recursive: true });
for (const file of readdirSync(src).filter((f) => f.endsWith('.wat')).sort()) {
  const name = basename(file, '.wat');
  if (only.length && !only.includes(name)) continue;
  const module = wabt.parseWat(file, readFileSync(join(src, file), 'utf8'));
  module.resolveNames();
  module.validate();
  writeFileSync(join(out, name + '.wasm'), Buffer.from(module.toBinary({}).buffer));
  module.destroy();
}
