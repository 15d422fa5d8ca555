import '../setup/temporal-runtime';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../workflows/saga-harness';
import { SAGA_PATHS } from '../workflows/saga-paths';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { WORKFLOW_TRACING_MODULE, workflowSpanSinks } from '../../src/tracing/temporal-tracing';
import { DISCARDED_SPANS } from '../../src/tracing/tracing';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

interface HistoryEventJson {
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
}

async function loadHistories(): Promise<{ name: string; json: { events: HistoryEventJson[] } }[]> {
  // Subfolders hold the histories of earlier branches of patched changes (see the docs).
  const files = (await readdir(historiesDir, { recursive: true }))
    .filter((file) => file.endsWith('.json'))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.replace(/\.json$/, ''),
      json: JSON.parse(await readFile(historiesDir + file, 'utf8')) as { events: HistoryEventJson[] },
    })),
  );
}

async function replay(bundle: WorkflowBundle, histories: { name: string; json: unknown }[]) {
  const results = new Map<string, Error | undefined>();
  const replays = Worker.runReplayHistories(
    { workflowBundle: bundle, sinks: workflowSpanSinks(DISCARDED_SPANS) },
    histories.map(({ name, json }) => ({ workflowId: name, history: historyFromJSON(json) })),
  );
  for await (const result of replays) results.set(result.workflowId, result.error);
  return results;
}

describe('replay of recorded saga histories', () => {
  let bundle: WorkflowBundle;
  let histories: Awaited<ReturnType<typeof loadHistories>>;
  beforeAll(async () => {
    // Bundled as the worker bundles it: with the tracing interceptors, which add headers only.
    bundle = await bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: [WORKFLOW_TRACING_MODULE],
      logger: new DefaultLogger('WARN'),
    });
    histories = await loadHistories();
  });

  it('has a recorded history for every path of the saga, and keeps those of branches older runs take', () => {
    const recorded = histories.map((h) => h.name.split('/').at(-1));
    expect(recorded).toEqual(
      expect.arrayContaining([
        ...Object.values(SAGA_PATHS).map((path) => path.name),
        // A capture decline compensated in runs started before completion-retried-until-done.
        'capture-declined',
      ]),
    );
  });

  it('the current workflow code, traced, replays every recorded history without a determinism error', async () => {
    const results = await replay(bundle, histories);
    expect(results.size).toBe(histories.length);
    for (const [name, error] of results) expect({ name, error }).toEqual({ name, error: undefined });
  });

  it('a history whose scheduled activity no longer matches the code fails replay', async () => {
    const happy = histories.find((h) => h.name === 'happy');
    if (!happy) throw new Error('happy history missing');
    const tampered = structuredClone(happy.json);
    const scheduled = tampered.events.find((event) => event.activityTaskScheduledEventAttributes);
    if (!scheduled?.activityTaskScheduledEventAttributes)
      throw new Error('no scheduled activity in the history');
    expect(scheduled.activityTaskScheduledEventAttributes.activityType.name).toBe('reserveInventory');
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'chargeCustomer';

    const results = await replay(bundle, [{ name: 'tampered-happy', json: tampered }]);
    const error = results.get('tampered-happy');
    expect(error).toBeInstanceOf(DeterminismViolationError);
    expect(error?.message).toMatch(/chargeCustomer|reserveInventory/);
  });
});
