// Runs workflow files on the real n8n installed in .n8n/ and writes each run's data, pruned to what is compared
// (items, errors, which nodes ran), in n8n's runData shape.
//   node n8n-run.mjs OUT_DIR WORKFLOW.json...   → OUT_DIR/<file name without .json>.n8n.json
//   node n8n-run.mjs --beside WORKFLOW.json...  → the recording next to each workflow
// One throw-away n8n user folder per call: every workflow is imported (with its own id) and executed by id
// (n8n 2.x refuses `execute --file`). The instance time zone is pinned (GENERIC_TIMEZONE=America/New_York,
// n8n's default; TZ=UTC for the process) so recordings do not depend on the machine they are made on.
// N8N_DIFF_TZ names another process zone; a recording made under one says so (`processZone`).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const n8nBin = join(here, '.n8n', 'node_modules', '.bin', 'n8n');
const n8nVersion = JSON.parse(readFileSync(join(here, '.n8n', 'node_modules', 'n8n', 'package.json'), 'utf8')).version;

const processZone = process.env.N8N_DIFF_TZ || 'UTC';
const zoneField = processZone === 'UTC' ? {} : { processZone };

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
  TZ: processZone,
  N8N_DIAGNOSTICS_ENABLED: 'false',
  N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
  N8N_TEMPLATES_ENABLED: 'false',
  N8N_LOG_LEVEL: 'warn',
  N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
  NODES_EXCLUDE: '[]',
  // n8n starts its task broker even with runners off, on 5679 by default: a second n8n on the machine (another
  // run of this script) then fails every batch. A port of its own per call, unless one is given.
  N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort()),
};

/** A TCP port nothing listens on now (the system's pick for port 0). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

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
    ...zoneField,
    status: run?.status ?? (result.error ? 'error' : 'success'),
    lastNodeExecuted: result.lastNodeExecuted ?? null,
    error: result.error ? { message: result.error.message, node: result.error.node?.name ?? null } : null,
    runData,
  };
}

let failed = 0;
try {
  // Import every workflow at once (copies in one folder), run them in one n8n process with execute-batch, which
  // writes a successful run's data as <id>-snapshot.json; a run that ends in an error gets no snapshot, so
  // those are executed again one by one with `execute --rawOutput` (n8n start-up each time: slow).
  const importDir = join(userFolder, 'import');
  const snapDir = join(userFolder, 'snapshots');
  mkdirSync(importDir);
  mkdirSync(snapDir);
  const todo = [];
  for (const file of files) {
    const wf = JSON.parse(readFileSync(file, 'utf8'));
    if (!wf.id || todo.some((t) => t.id === wf.id)) {
      console.error(`${file}: the workflow needs an "id" of its own (n8n executes imported workflows by id)`);
      failed++;
      continue;
    }
    writeFileSync(join(importDir, `${wf.id}.json`), JSON.stringify(wf));
    todo.push({ file, id: wf.id });
  }
  // Test credentials: those beside a workflow (<name>.credentials.json: [{id, name, type, data}], data in clear:
  // made-up secrets for tests only), and N8N_DIFF_CREDENTIALS, the CLI's credentials file ({id: {type, name, data}})
  // for every workflow; n8n encrypts them with the throw-away instance's key on import.
  const creds = [];
  for (const { file } of todo) {
    const credFile = file.replace(/\.json$/, '.credentials.json');
    if (existsSync(credFile)) creds.push(...JSON.parse(readFileSync(credFile, 'utf8')));
  }
  if (process.env.N8N_DIFF_CREDENTIALS) {
    const all = JSON.parse(readFileSync(process.env.N8N_DIFF_CREDENTIALS, 'utf8'));
    creds.push(...Object.entries(all).map(([id, c]) => ({ id, name: c.name ?? id, type: c.type, data: c.data })));
  }
  if (creds.length) {
    const credPath = join(userFolder, 'credentials.json');
    writeFileSync(credPath, JSON.stringify(creds));
    const ci = n8n(['import:credentials', `--input=${credPath}`]);
    if (ci.code !== 0) throw new Error(`n8n credential import failed\n${ci.out}${ci.err}`);
  }
  const imp = n8n(['import:workflow', '--separate', `--input=${importDir}`]);
  if (imp.code !== 0) throw new Error(`n8n import failed\n${imp.out}${imp.err}`);
  const batch = n8n(['execute-batch', `--ids=${todo.map((t) => t.id).join(',')}`, `--snapshot=${snapDir}`, '--shortOutput']);
  if (batch.code !== 0 && batch.code !== 1) console.error(`n8n execute-batch exited ${batch.code}\n${batch.err}`);
  for (const { file, id } of todo) {
    let run = null;
    const snap = join(snapDir, `${id}-snapshot.json`);
    try {
      run = JSON.parse(readFileSync(snap, 'utf8'));
    } catch {
      const ex = n8n(['execute', `--id=${id}`, '--rawOutput']);
      run = runJson(ex.out);
      const failure = /^Execution error:\n(.*)$/m.exec(ex.out);
      if (!run && failure && /^Task request timed out/.test(failure[1])) {
        // the Code node's task runner did not answer in time (a loaded machine): nothing n8n decided, record again
        console.error(`${file}: n8n's task runner timed out; not recorded, run it again`);
        failed++;
        continue;
      }
      if (!run && failure) {
        // n8n 2.x prints no run data for a run that ends in an error, only the error: that is what is kept
        const out = join(beside ? dirname(file) : outDir, basename(file).replace(/\.json$/, '') + '.n8n.json');
        const rec = { n8nVersion, recordedWith: 'scripts/n8n-diff', ...zoneField, status: 'error', error: { message: failure[1] }, runData: null };
        writeFileSync(out, JSON.stringify(rec, null, 2) + '\n');
        console.log(`n8n ${n8nVersion}: ${file} → ${out} (failed run: error only)`);
        continue;
      }
      if (!run) {
        console.error(`${file}: no run data in n8n's output (exit ${ex.code})\n${ex.out}${ex.err}`);
        failed++;
        continue;
      }
    }
    const out = join(beside ? dirname(file) : outDir, basename(file).replace(/\.json$/, '') + '.n8n.json');
    writeFileSync(out, JSON.stringify(prune(run), null, 2) + '\n');
    console.log(`n8n ${n8nVersion}: ${file} → ${out}`);
  }
} finally {
  rmSync(userFolder, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
