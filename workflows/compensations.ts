import type { SagaCompensation } from '../contract/saga';
import { causeMessage } from './failures';
import { retryInRounds } from './rounds';
import type { SagaTracker } from './saga-tracker';
import type { SagaTuning } from './tuning';

export interface Compensations {
  run: (compensation: SagaCompensation) => Promise<unknown>;
  /** Continues the saga as a new run that goes on with `pending`, the stuck one first. */
  continueAsNew: (pending: SagaCompensation[], failedRounds: number) => Promise<never>;
}

/**
 * Runs the compensations in the given order, each in rounds until it succeeds: a whole
 * round failed marks the saga COMPENSATION_STUCK until the compensation succeeds (see
 * rounds.ts); it is never skipped. `failedBefore` counts the rounds the first one failed
 * in earlier runs. Call inside a non-cancellable scope.
 */
export async function runCompensations(
  compensations: readonly SagaCompensation[],
  { run, continueAsNew }: Compensations,
  saga: SagaTracker,
  tuning: SagaTuning,
  failedBefore = 0,
): Promise<void> {
  for (const [index, compensation] of compensations.entries()) {
    await retryInRounds(
      {
        attempt: () => run(compensation),
        failed(err, failedRounds) {
          saga.markCompensationStuck({ compensation, message: causeMessage(err), failedRounds });
          return 'retry';
        },
        continueAsNew: (failedRounds) => continueAsNew(compensations.slice(index), failedRounds),
        failedBefore: index === 0 ? failedBefore : 0,
      },
      saga,
      tuning,
    );
    saga.state.compensationsRun.push(compensation);
    saga.setStatus('COMPENSATING');
  }
}
