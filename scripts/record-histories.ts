/**
 * Re-records the replay histories: runs every saga path against the Temporal server from
 * the configuration (the local dev server by default) with scripted activities, and
 * writes each history to test/replay/histories/<path>.json. Run it after a deliberate,
 * patched change to the workflow, then commit the new files next to the old ones.
 *
 *   npm run histories:record
 */
import '../test/setup/temporal-runtime';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { runPath, startSagaEnv } from '../test/workflows/saga-harness';
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

const outDir = fileURLToPath(new URL('../test/replay/histories/', import.meta.url));

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const env = await startSagaEnv('record-histories');
  try {
    for (const path of Object.values(SAGA_PATHS)) {
      const { handle, outcome } = await runPath(env, path);
      const history = await handle.fetchHistory();
      const file = `${outDir}${path.name}.json`;
      // Pretty-printed so a re-recording shows up as a readable diff.
      await writeFile(
        file,
        JSON.stringify(scrub(JSON.parse(historyToJSON(history)) as unknown), null, 2) + '\n',
      );
      console.log(`${path.name}: ${outcome.status}, ${history.events?.length ?? 0} events`);
    }
  } finally {
    await env.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
