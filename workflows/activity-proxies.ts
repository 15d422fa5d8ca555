import {
  ActivityFailure,
  ApplicationFailure,
  TemporalFailure,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { OrderSagaActivities } from '../activities/types';
// A module of plain constants without imports, so it is safe inside the workflow bundle.
import { BUSINESS_REJECTION_TYPES } from '../src/errors';
import type { SagaTuning } from './tuning';

/**
 * Patch id of the change that runs the forward steps as local activities. Sagas started
 * before it replay through the regular-activity branch; see docs/replay-and-patching.md.
 */
export const FORWARD_STEPS_AS_LOCAL_ACTIVITIES = 'forward-steps-as-local-activities';

export interface SagaActivities {
  /** reserveInventory, authorizePayment, createShipment, completeOrder. */
  steps: OrderSagaActivities;
  /** Always regular activities: a stuck compensation stays visible as a pending activity. */
  compensations: OrderSagaActivities;
  /**
   * Awaited after each compensable step, inside the cancellable forward scope. With local
   * activities it ends the workflow task (a 1 ms timer), so a cancel that reached the server
   * while the step ran is seen before the next step starts, as with regular activities,
   * where every step ends its workflow task anyway.
   */
  afterStep: () => Promise<void>;
}

/**
 * Forward steps retry infrastructure errors with backoff and stop at once on a business
 * rejection. Compensations get a few attempts per round; the saga itself repeats rounds
 * (see compensations.ts), so a compensation is never given up.
 *
 * Cancellation waits for the running attempt to finish (activities do not heartbeat), so
 * a compensation never races a step that is still committing.
 *
 * `localSteps` (new runs, see FORWARD_STEPS_AS_LOCAL_ACTIVITIES) runs the forward steps as
 * local activities in the worker that runs the workflow task: no activity task round trip
 * through the server, so far fewer history events and server work per saga. Same
 * per-attempt timeout, retry policy and cancellation type. A retry whose backoff exceeds
 * the first interval waits on a server timer instead of inside the open workflow task, so
 * during long retries signals, queries and the search attribute stay current and the
 * attempt count is durable.
 */
export function sagaActivities(tuning: SagaTuning, { localSteps }: { localSteps: boolean }): SagaActivities {
  const stepOptions = {
    startToCloseTimeout: tuning.activityTimeoutMs,
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    retry: {
      initialInterval: tuning.stepInitialIntervalMs,
      maximumInterval: tuning.stepMaximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: tuning.stepMaximumAttempts,
      nonRetryableErrorTypes: [...BUSINESS_REJECTION_TYPES],
    },
  } satisfies ActivityOptions;
  const steps = localSteps
    ? asActivityFailures(
        proxyLocalActivities<OrderSagaActivities>({
          ...stepOptions,
          localRetryThreshold: tuning.stepInitialIntervalMs,
        }),
      )
    : proxyActivities<OrderSagaActivities>(stepOptions);
  const compensations = proxyActivities<OrderSagaActivities>({
    startToCloseTimeout: tuning.activityTimeoutMs,
    retry: {
      initialInterval: tuning.compensationInitialIntervalMs,
      maximumInterval: tuning.compensationMaximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: tuning.compensationAttemptsPerRound,
    },
  });
  const afterStep = localSteps ? () => sleep(1) : () => Promise.resolve();
  return { steps, compensations, afterStep };
}

/**
 * A local activity that fails (rejected, or out of attempts) rejects with the bare cause,
 * e.g. an ApplicationFailure, where a regular activity rejects with an ActivityFailure
 * around it; timeouts and cancellations are already wrapped. Wraps the rest the same way,
 * so the saga tells a failed step from a bug in the workflow exactly as before.
 */
function asActivityFailures(activities: OrderSagaActivities): OrderSagaActivities {
  return new Proxy(activities, {
    get(target, name: keyof OrderSagaActivities) {
      const run = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (err) {
          if (!(err instanceof TemporalFailure) || err instanceof ActivityFailure || isCancellation(err))
            throw err;
          const rejected =
            err instanceof ApplicationFailure &&
            (err.nonRetryable || BUSINESS_REJECTION_TYPES.some((type) => type === err.type));
          throw new ActivityFailure(
            'Activity task failed',
            name,
            undefined,
            rejected ? 'NON_RETRYABLE_FAILURE' : 'MAXIMUM_ATTEMPTS_REACHED',
            undefined,
            err,
          );
        }
      };
    },
  });
}
