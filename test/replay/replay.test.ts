import '../setup/temporal-runtime';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../workflows/saga-harness';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

/**
 * histories/*.json: recorded before the `forward-steps-as-local-activities` patch, so they
 * replay through its old branch (forward steps as regular activities).
 * histories/local-activities/*.json: recorded after it, the new branch (local activities).
 * Names are `<path>` and `local-activities/<path>`.
 */
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const LOCAL = 'local-activities/';

const PATHS = [
  'happy',
  'out-of-stock',
  'payment-declined',
  'address-undeliverable',
  'capture-declined',
  'cancel-before-point-of-no-return',
  'cancel-after-point-of-no-return',
  'workflow-cancellation',
  'compensation-retry',
  'compensation-stuck-then-resumed',
  'compensation-stuck-then-recovered',
  'transient-activity-retry',
  'step-out-of-retries',
];
const FORWARD_STEPS = ['reserveInventory', 'authorizePayment', 'createShipment', 'completeOrder'];

interface HistoryEventJson {
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
  markerRecordedEventAttributes?: { markerName: string };
}

type History = { name: string; json: { events: HistoryEventJson[] } };

async function loadHistories(): Promise<History[]> {
  const load = async (dir: string): Promise<History[]> => {
    const files = (await readdir(historiesDir + dir)).filter((file) => file.endsWith('.json')).sort();
    return Promise.all(
      files.map(async (file) => ({
        name: dir + file.replace(/\.json$/, ''),
        json: JSON.parse(await readFile(historiesDir + dir + file, 'utf8')) as { events: HistoryEventJson[] },
      })),
    );
  };
  return [...(await load('')), ...(await load(LOCAL))];
}

function scheduledActivities(history: History): string[] {
  return history.json.events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType.name ?? []);
}

function markers(history: History): string[] {
  return history.json.events.flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []);
}

async function replay(bundle: WorkflowBundle, histories: { name: string; json: unknown }[]) {
  const results = new Map<string, Error | undefined>();
  const replays = Worker.runReplayHistories(
    { workflowBundle: bundle },
    histories.map(({ name, json }) => ({ workflowId: name, history: historyFromJSON(json) })),
  );
  for await (const result of replays) results.set(result.workflowId, result.error);
  return results;
}

describe('replay of recorded saga histories', () => {
  let bundle: WorkflowBundle;
  let histories: Awaited<ReturnType<typeof loadHistories>>;
  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    histories = await loadHistories();
  });

  it('has a recorded history for every path of the saga, for both branches of the patch', () => {
    expect(histories.map((h) => h.name)).toEqual(
      expect.arrayContaining([...PATHS, ...PATHS.map((path) => LOCAL + path)]),
    );
  });

  it('the old histories run the forward steps as regular activities, the new ones as local activities', () => {
    for (const history of histories) {
      const local = history.name.startsWith(LOCAL);
      const forwardScheduled = scheduledActivities(history).filter((name) => FORWARD_STEPS.includes(name));
      expect({ name: history.name, patched: markers(history).includes('core_patch') }).toEqual({
        name: history.name,
        patched: local,
      });
      if (local) {
        expect({ name: history.name, forwardScheduled }).toEqual({
          name: history.name,
          forwardScheduled: [],
        });
        expect(markers(history)).toContain('core_local_activity');
      } else {
        expect(forwardScheduled).toContain('reserveInventory');
        expect(markers(history)).not.toContain('core_local_activity');
      }
    }
  });

  it('the current workflow code replays every recorded history without a determinism error', async () => {
    const results = await replay(bundle, histories);
    expect(results.size).toBe(histories.length);
    for (const [name, error] of results) expect({ name, error }).toEqual({ name, error: undefined });
  });

  it('a history whose scheduled activity no longer matches the code fails replay', async () => {
    // The old branch's happy path: its forward steps are ActivityTaskScheduled events.
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
