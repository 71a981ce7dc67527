// Records what node-html-markdown 1.2.0 and showdown 2.1.0 (n8n 2.8.4's Markdown node libraries) output for
// cases.json, as n8n's node calls them, into cases.expected.json. See README.md beside this file.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
const require = createRequire(process.argv[2] + '/');
const { NodeHtmlMarkdown } = require('node-html-markdown');
const showdown = require('showdown');
const here = new URL('.', import.meta.url).pathname;
const cases = JSON.parse(readFileSync(here + 'cases.json', 'utf8'));

// the node's htmlToMarkdown option mapping: fixed collections to [pattern, replacement], lists split, falsy dropped
function toMarkdownOptions(options) {
  const o = { ...options };
  const tr = o.textReplace?.values ?? [];
  o.textReplace = tr.length ? tr.map((e) => [e.pattern, e.replacement]) : undefined;
  const ls = o.lineStartEscape?.value ?? {};
  o.lineStartEscape = Object.keys(ls).length ? [ls.pattern, ls.replacement] : undefined;
  const ge = o.globalEscape?.value ?? {};
  o.globalEscape = Object.keys(ge).length ? [ge.pattern, ge.replacement] : undefined;
  o.ignore = o.ignore ? o.ignore.split(',').map((e) => e.trim()) : undefined;
  o.blockElements = o.blockElements ? o.blockElements.split(',').map((e) => e.trim()) : undefined;
  const out = {};
  for (const k of Object.keys(o)) if (o[k]) out[k] = o[k];
  return out;
}

const out = cases.map((c) => {
  if (c.mode === 'htmlToMarkdown') {
    return { ...c, expected: NodeHtmlMarkdown.translate(c.input, toMarkdownOptions(c.options ?? {})) };
  }
  const converter = new showdown.Converter();
  for (const k of Object.keys(c.options ?? {})) converter.setOption(k, c.options[k]);
  return { ...c, expected: converter.makeHtml(c.input) };
});
writeFileSync(here + 'cases.expected.json', JSON.stringify(out, null, 2) + '\n');
console.log(`recorded ${out.length} cases`);
