import type { SagaCompensation } from '../contract/saga';
import { causeMessage } from './failures';
import { retryInRounds } from './rounds';
import type { SagaTracker } from './saga-tracker';
import type { SagaTuning } from './tuning';

/**
 * Runs the compensations in the given order, each in rounds until it succeeds: a whole
 * round failed marks the saga COMPENSATION_STUCK until the compensation succeeds (see
 * rounds.ts); it is never skipped. Call inside a non-cancellable scope.
 */
export async function runCompensations(
  compensations: readonly SagaCompensation[],
  run: (compensation: SagaCompensation) => Promise<unknown>,
  saga: SagaTracker,
  tuning: SagaTuning,
): Promise<void> {
  for (const compensation of compensations) {
    await retryInRounds(
      {
        attempt: () => run(compensation),
        failed(err, failedRounds) {
          saga.markStuck({ compensation, message: causeMessage(err), failedRounds });
          return 'retry';
        },
      },
      saga,
      tuning,
    );
    saga.state.compensationsRun.push(compensation);
    saga.setStatus('COMPENSATING');
  }
}
