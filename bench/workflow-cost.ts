import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface WorkflowCostResult {
  replays: number;
  /** CPU of the replaying process per replay of the recorded happy saga. */
  cpuMsPerReplay: number;
  /** Promises created inside the workflow per replay: the SDK's hook takes a stack trace of each. */
  workflowPromisesPerReplay: number;
  /** The recorded history replayed, relative to the repository. */
  history: string;
}

const REPLAY_SCRIPT = fileURLToPath(new URL('./workflow-replay.ts', import.meta.url));

/**
 * The saga's workflow code alone: the recorded happy saga replayed `count` times in a
 * process of its own, with neither a server nor activities involved. Replay runs the same
 * code on the same SDK as the service's workflow thread, so this moves with the workflow
 * code's CPU, without the run-to-run spread of the end-to-end figures.
 */
export async function measureWorkflowCost(count: number): Promise<WorkflowCostResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', REPLAY_SCRIPT, String(count)],
    { maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkflowCostResult;
}
