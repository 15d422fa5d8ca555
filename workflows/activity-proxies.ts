import { proxyActivities } from '@temporalio/workflow';
import type { OrderSagaActivities } from '../contract/activities';
// A module of plain constants without imports, so it is safe inside the workflow bundle.
import { BUSINESS_REJECTION_TYPES } from '../contract/errors';
import type { SagaTuning } from './tuning';

/**
 * Forward steps retry infrastructure errors with backoff and stop at once on a business
 * rejection. Compensations get a few attempts per round; the saga itself repeats rounds
 * (see compensations.ts), so a compensation is never given up.
 *
 * Cancellation waits for the running attempt to finish (activities do not heartbeat), so
 * a compensation never races a step that is still committing.
 */
export function sagaActivities(tuning: SagaTuning) {
  const steps = proxyActivities<OrderSagaActivities>({
    startToCloseTimeout: tuning.activityTimeoutMs,
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    retry: {
      initialInterval: tuning.stepInitialIntervalMs,
      maximumInterval: tuning.stepMaximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: tuning.stepMaximumAttempts,
      nonRetryableErrorTypes: [...BUSINESS_REJECTION_TYPES],
    },
  });
  const compensations = proxyActivities<OrderSagaActivities>({
    startToCloseTimeout: tuning.activityTimeoutMs,
    retry: {
      initialInterval: tuning.compensationInitialIntervalMs,
      maximumInterval: tuning.compensationMaximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: tuning.compensationAttemptsPerRound,
    },
  });
  return { steps, compensations };
}
