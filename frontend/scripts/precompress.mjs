#!/usr/bin/env node
// Pre-compresses the designer's build for the studio, with Node's own zlib (no extra package, nothing downloaded):
// next to every text file (js, css, html, svg, json…) a `.gz` (gzip level 9) and a `.br` (brotli quality 11), each
// kept only when it saves at least a tenth. Then lists the served files, one root-relative path a line, in
// `META-INF/hetumind-designer.files` (beside `META-INF/resources`, so never served itself): the studio loads exactly
// these at start-up and answers each request with the encoding the browser accepts (services/studio `DesignerFiles`).
//
//   node scripts/precompress.mjs [dir]     dir defaults to target/classes/META-INF/resources
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'target/classes/META-INF/resources';
const TEXT = /\.(js|mjs|css|html|svg|json|txt|xml|map|webmanifest)$/;
const ENCODED = /\.(gz|br)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = walk(root).filter((p) => !ENCODED.test(p));
// stale encodings from an earlier run (vite empties the directory, a hand-run may not)
for (const p of walk(root).filter((q) => ENCODED.test(q))) unlinkSync(p);

let raw = 0;
let gz = 0;
let br = 0;
for (const p of files.filter((f) => TEXT.test(f))) {
  const bytes = readFileSync(p);
  const variants = {
    gz: gzipSync(bytes, { level: 9 }),
    br: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  };
  raw += bytes.length;
  for (const [ext, out] of Object.entries(variants)) {
    if (out.length <= bytes.length * 0.9) {
      writeFileSync(`${p}.${ext}`, out);
      if (ext === 'gz') gz += out.length;
      else br += out.length;
    } else if (ext === 'gz') gz += bytes.length;
    else br += bytes.length;
  }
}

const list = files.map((p) => '/' + relative(root, p).split(sep).join('/')).sort();
writeFileSync(join(dirname(root), 'hetumind-designer.files'), list.join('\n') + '\n');
const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
console.log(`precompress: ${list.length} files; text ${kb(raw)}, gzip ${kb(gz)}, brotli ${kb(br)}`);
