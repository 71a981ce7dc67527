// Runs workflow files on the real n8n installed in .n8n/ and writes each run's data, pruned to what is compared
// (items, errors, which nodes ran), in n8n's runData shape.
//   node n8n-run.mjs OUT_DIR WORKFLOW.json...   → OUT_DIR/<file name without .json>.n8n.json
//   node n8n-run.mjs --beside WORKFLOW.json...  → the recording next to each workflow
// One throw-away n8n user folder per call: every workflow is imported (with its own id) and executed by id
// (n8n 2.x refuses `execute --file`). The instance time zone is pinned (GENERIC_TIMEZONE=America/New_York,
// n8n's default; TZ=UTC for the process) so recordings do not depend on the machine they are made on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const n8nBin = join(here, '.n8n', 'node_modules', '.bin', 'n8n');
const n8nVersion = JSON.parse(readFileSync(join(here, '.n8n', 'node_modules', 'n8n', 'package.json'), 'utf8')).version;

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node n8n-run.mjs OUT_DIR WORKFLOW.json...');
  process.exit(2);
}
const beside = outDir === '--beside';
if (!beside) mkdirSync(outDir, { recursive: true });
const userFolder = mkdtempSync(join(tmpdir(), 'n8n-diff-'));
const env = {
  ...process.env,
  N8N_USER_FOLDER: userFolder,
  GENERIC_TIMEZONE: 'America/New_York',
  TZ: 'UTC',
  N8N_DIAGNOSTICS_ENABLED: 'false',
  N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
  N8N_TEMPLATES_ENABLED: 'false',
  N8N_RUNNERS_ENABLED: 'false',
  N8N_LOG_LEVEL: 'warn',
  N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
  NODES_EXCLUDE: '[]',
};

function n8n(args) {
  const r = spawnSync(n8nBin, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

/** The JSON document n8n prints after its start-up lines: from the first line that is just "{" on. */
function runJson(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '{') {
      // the document ends at the first line that is just "}" and parses
      for (let j = i; j < lines.length; j++) {
        if (lines[j] === '}') {
          try {
            return JSON.parse(lines.slice(i, j + 1).join('\n'));
          } catch {
            /* keep looking */
          }
        }
      }
    }
  }
  return null;
}

function prune(run) {
  const result = run?.data?.resultData ?? {};
  const runData = {};
  for (const [node, runs] of Object.entries(result.runData ?? {})) {
    runData[node] = runs.map((r) => {
      const o = { executionStatus: r.executionStatus };
      if (r.error) o.error = { message: r.error.message, ...(r.error.description ? { description: r.error.description } : {}) };
      o.data = {
        main: (r.data?.main ?? []).map((port) =>
          (port ?? []).map((i) => {
            const item = { json: i.json };
            if (i.binary && Object.keys(i.binary).length) {
              item.binary = Object.fromEntries(
                Object.entries(i.binary).map(([k, b]) => {
                  const { data, id, ...meta } = b;
                  return [k, meta];
                }),
              );
            }
            if (i.pairedItem !== undefined) item.pairedItem = i.pairedItem;
            return item;
          }),
        ),
      };
      return o;
    });
  }
  return {
    n8nVersion,
    recordedWith: 'scripts/n8n-diff',
    status: run?.status ?? (result.error ? 'error' : 'success'),
    lastNodeExecuted: result.lastNodeExecuted ?? null,
    error: result.error ? { message: result.error.message, node: result.error.node?.name ?? null } : null,
    runData,
  };
}

let failed = 0;
try {
  for (const file of files) {
    const wf = JSON.parse(readFileSync(file, 'utf8'));
    if (!wf.id) {
      console.error(`${file}: the workflow needs an "id" (n8n executes imported workflows by id)`);
      failed++;
      continue;
    }
    const imp = n8n(['import:workflow', `--input=${resolve(file)}`]);
    if (imp.code !== 0) {
      console.error(`${file}: n8n import failed\n${imp.out}${imp.err}`);
      failed++;
      continue;
    }
    const ex = n8n(['execute', `--id=${wf.id}`, '--rawOutput']);
    const run = runJson(ex.out);
    if (!run) {
      console.error(`${file}: no run data in n8n's output (exit ${ex.code})\n${ex.out}${ex.err}`);
      failed++;
      continue;
    }
    const out = join(beside ? dirname(file) : outDir, basename(file).replace(/\.json$/, '') + '.n8n.json');
    writeFileSync(out, JSON.stringify(prune(run), null, 2) + '\n');
    console.log(`n8n ${n8nVersion}: ${file} → ${out}`);
  }
} finally {
  rmSync(userFolder, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
