/**
 * Records the replay histories: runs every saga path against the Temporal server from
 * the configuration (the local dev server by default) with scripted activities, and
 * writes each run's history to <dir>/<path>.json, test/replay/histories/ unless `--out` says
 * otherwise. After a deliberate, patched change to the workflow, record into a new folder
 * so the histories of the old branch stay as they were, and commit both; `--path` (once
 * per path name) records only the paths that take the new branch.
 *
 *   npm run histories:record                                   # test/replay/histories/
 *   npm run histories:record -- --out test/replay/histories/<change> --path <name>
 */
import '../test/setup/temporal-runtime';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { runHistories, runPath, startSagaEnv } from '../test/workflows/saga-harness';
import { SAGA_PATHS } from '../test/workflows/saga-paths';

/** Drops what says where the recording ran (stack traces, worker identity); replay ignores both. */
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === 'stackTrace') return [key, ''];
      if (key === 'identity') return [key, 'history-recorder'];
      // Sticky task queues are named after the worker's process and host.
      if (key === 'taskQueue' && (inner as { kind?: string }).kind === 'TASK_QUEUE_KIND_STICKY') {
        return [key, { ...(inner as object), name: 'history-recorder-sticky' }];
      }
      return [key, scrub(inner)];
    }),
  );
}

const { values: args } = parseArgs({
  options: { out: { type: 'string' }, path: { type: 'string', multiple: true } },
});
const paths = Object.values(SAGA_PATHS).filter((path) => !args.path || args.path.includes(path.name));
const unknown = args.path?.filter((name) => !paths.some((path) => path.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`No saga path named ${unknown.join(', ')}`);
const outDir = args.out
  ? resolve(args.out) + '/'
  : fileURLToPath(new URL('../test/replay/histories/', import.meta.url));

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const env = await startSagaEnv('record-histories');
  try {
    for (const path of paths) {
      const { handle, outcome } = await runPath(env, path);
      const runs = await runHistories(handle);
      for (const [index, history] of runs.entries()) {
        // A saga that continued as new has one history per run: <path>.json, <path>.run-2.json, …
        const file = `${outDir}${path.name}${index === 0 ? '' : `.run-${index + 1}`}.json`;
        // Pretty-printed so a re-recording shows up as a readable diff.
        await writeFile(
          file,
          JSON.stringify(scrub(JSON.parse(historyToJSON(history)) as unknown), null, 2) + '\n',
        );
      }
      const events = runs.map((history) => history.events?.length ?? 0).join(' + ');
      console.log(`${path.name}: ${outcome.status}, ${events} events`);
    }
  } finally {
    await env.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
