import {
  ActivityFailure,
  CancellationScope,
  CancelledFailure,
  isCancellation,
  patched,
} from '@temporalio/workflow';
import type { SagaCompensation, SagaStep } from '../contract/saga';
import { toSagaFailure } from './failures';
import { fencedCancelReason } from './fenced-cancel';
import { PATCHES } from './patches';
import type { PlannedStep } from './plan';
import type { SagaTracker } from './saga-tracker';

export interface ForwardResult {
  /** Compensations registered so far, the latest first. */
  registered: SagaCompensation[];
  /** The cancel, not a step's failure, is why the saga compensates. */
  cancelIsCause: boolean;
}

/**
 * Runs the compensable steps, each compensation registered before its step, and stops
 * before the next step once `scope` (cancelled by a cancel signal) is. Regular steps run
 * inside `scope`, so a cancel reaches the running activity; local steps run in a
 * non-cancellable scope, since a local activity must never be cancelled (see
 * activity-proxies.ts). Stops at the first failure or cancel and records it in the saga's
 * state; a step refused because a door fenced the order counts as the cancel.
 */
export async function runForward(
  scope: CancellationScope,
  plan: PlannedStep[],
  saga: SagaTracker,
  stepsAreLocal: boolean,
): Promise<ForwardResult> {
  const { state } = saga;
  const result: ForwardResult = { registered: [], cancelIsCause: false };
  const cancelled = () => {
    result.cancelIsCause = true;
    state.cancelRequested = true;
    state.cancelReason ??= 'workflow cancellation requested';
  };
  let current: SagaStep = 'reserveInventory';
  const runSteps = stepsAreLocal
    ? (steps: () => Promise<void>) => CancellationScope.nonCancellable(steps)
    : (steps: () => Promise<void>) => scope.run(steps);
  try {
    await runSteps(async () => {
      for (const step of plan) {
        // A step that finished after a cancel request still counts; the next one must not start.
        stopIfCancelled(scope);
        result.registered.unshift(step.compensation);
        current = step.name;
        saga.setStatus(step.status);
        await step.run();
        state.completedSteps.push(step.name);
      }
      stopIfCancelled(scope);
    });
  } catch (err) {
    if (isCancellation(err)) {
      cancelled();
    } else if (err instanceof ActivityFailure) {
      state.failure = toSagaFailure(err, current);
      // The attempt was already running when the cancel came (a timeout after its worker
      // died, say): the cancel is why the saga compensates; the failure stays on record.
      if (scope.consideredCancelled && patched(PATCHES.cancelIsFirstCause)) {
        cancelled();
      } else {
        // A door recorded the cancel as the order's fence and the step refused to run: the
        // saga may not have seen the signal yet (a local activity's task ends after the
        // step), but the cancel is why it compensates.
        const fenced = fencedCancelReason(err);
        if (fenced !== undefined) {
          state.cancelReason ??= fenced;
          cancelled();
        }
      }
    } else {
      throw err;
    }
  }
  return result;
}

function stopIfCancelled(scope: CancellationScope): void {
  if (scope.consideredCancelled) throw new CancelledFailure('saga cancelled');
}
