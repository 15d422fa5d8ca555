/**
 * The workflow scenario's own process: replays the current code's recorded happy saga
 * `count` times, bundled as the service's worker bundles it, and prints its figures as
 * JSON. A process of its own because replay runs workflows on the main thread, and the
 * promise hook the SDK installs there (for its stack-trace query) would tax every promise
 * of the benchmark process from then on.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { TRACE_PROPAGATION_MODULE } from '../src/tracing/temporal-tracing';
import { PATCHES } from '../workflows/patches';
import { round2 } from './stats';
import type { WorkflowCostResult } from './workflow-cost';

const WARM_UP_REPLAYS = 50;

// The SDK's hook tags each promise created inside a workflow with its run id; counting the
// tagged ones counts the workflow's promises. Wrapped before any worker installs the hook.
let counting = false;
let workflowPromises = 0;
const createHook = v8.promiseHooks.createHook.bind(v8.promiseHooks);
v8.promiseHooks.createHook = (hooks) =>
  createHook({
    ...hooks,
    init(promise, parent) {
      hooks.init?.(promise, parent);
      if (counting && (promise as { runId?: string }).runId !== undefined) workflowPromises++;
    },
  });

/** The happy saga recorded for the newest patch: the path today's code takes. */
function currentHappyHistory(): string {
  const newest = Object.values(PATCHES).at(-1)!;
  return `test/replay/histories/${newest}/happy.json`;
}

async function main(count: number): Promise<WorkflowCostResult> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
    workflowInterceptorModules: [TRACE_PROPAGATION_MODULE],
    logger: new DefaultLogger('WARN'),
  });
  const history = currentHappyHistory();
  const json: unknown = JSON.parse(await readFile(new URL(`../${history}`, import.meta.url), 'utf8'));
  const replay = async (replays: number, tag: string) => {
    const histories = Array.from({ length: replays }, (_, i) => ({
      workflowId: `${tag}-${i}`,
      history: historyFromJSON(json),
    }));
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) throw result.error;
    }
  };
  await replay(WARM_UP_REPLAYS, 'warm-up');
  counting = true;
  const before = process.cpuUsage();
  await replay(count, 'measured');
  const cpu = process.cpuUsage(before);
  return {
    replays: count,
    cpuMsPerReplay: round2((cpu.user + cpu.system) / 1000 / count),
    workflowPromisesPerReplay: round2(workflowPromises / count),
    history,
  };
}

main(Number(process.argv[2])).then(
  (figures) => {
    console.log(JSON.stringify(figures));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
