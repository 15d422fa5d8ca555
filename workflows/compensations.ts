import { ActivityFailure } from '@temporalio/workflow';
import type { SagaTracker } from './saga-tracker';
import type { SagaCompensation } from '../contract/saga';
import { stuckBackoffMs, type SagaTuning } from './tuning';

/**
 * Runs the compensations in the given order. A compensation that fails a whole round of
 * attempts marks the saga COMPENSATION_STUCK and is tried again after a growing backoff,
 * or at once on the operator's `retryCompensation` signal, forever: skipping it would
 * leave stock reserved or money held with nobody noticing. Call inside a
 * non-cancellable scope.
 */
export async function runCompensations(
  compensations: readonly SagaCompensation[],
  run: (compensation: SagaCompensation) => Promise<unknown>,
  saga: SagaTracker,
  tuning: SagaTuning,
): Promise<void> {
  for (const compensation of compensations) {
    for (let failedRounds = 1; ; failedRounds++) {
      try {
        await run(compensation);
        break;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        saga.markStuck({ compensation, message: causeMessage(err), failedRounds });
        await saga.waitForResume(stuckBackoffMs(tuning, failedRounds));
      }
    }
    saga.state.compensationsRun.push(compensation);
    saga.setStatus('COMPENSATING');
  }
}

export function causeMessage(err: ActivityFailure): string {
  return err.cause?.message ?? err.message;
}
