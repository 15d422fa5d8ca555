import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  proxyActivities,
  proxyLocalActivities,
  TimeoutFailure,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { OrderSagaActivities } from '../contract/activities';
// A module of plain constants without imports, so it is safe inside the workflow bundle.
import { BUSINESS_REJECTION_TYPES } from '../contract/errors';
import { COMPENSABLE_STEPS } from '../contract/saga';
import type { SagaTuning } from './tuning';

/** The compensable forward steps: the activities that can run as local activities. */
export type ForwardSteps = Pick<OrderSagaActivities, (typeof COMPENSABLE_STEPS)[number]['name']>;
const FORWARD_STEPS = COMPENSABLE_STEPS.map((step) => step.name);

/**
 * Forward steps retry infrastructure errors with backoff and stop at once on a business
 * rejection. Compensations get a few attempts per round; the saga itself repeats rounds
 * (see compensations.ts), so a compensation is never given up.
 *
 * Cancellation waits for the running attempt to finish (activities do not heartbeat), so
 * a compensation never races a step that is still committing.
 *
 * `localSteps` are the same forward steps as local activities: run by the worker that runs
 * the workflow, recorded once as a marker, with no task queue round trip per attempt.
 */
export function sagaActivities(tuning: SagaTuning) {
  const stepRetry: RetryPolicy = {
    initialInterval: tuning.stepInitialIntervalMs,
    maximumInterval: tuning.stepMaximumIntervalMs,
    backoffCoefficient: 2,
    maximumAttempts: tuning.stepMaximumAttempts,
    nonRetryableErrorTypes: [...BUSINESS_REJECTION_TYPES],
  };
  const steps = proxyActivities<OrderSagaActivities>({
    startToCloseTimeout: tuning.activityTimeoutMs,
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    retry: stepRetry,
  });
  const localSteps = asUncancellableSteps(
    proxyLocalActivities<OrderSagaActivities>({
      startToCloseTimeout: tuning.activityTimeoutMs,
      retry: stepRetry,
    }),
  );
  const compensations = proxyActivities<OrderSagaActivities>({
    startToCloseTimeout: tuning.activityTimeoutMs,
    retry: {
      initialInterval: tuning.compensationInitialIntervalMs,
      maximumInterval: tuning.compensationMaximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: tuning.compensationAttemptsPerRound,
    },
  });
  return { steps, localSteps, compensations };
}

/**
 * Local steps run outside the saga's cancellation scope: a cancel lets the running attempt
 * finish (as a regular step's WAIT_CANCELLATION_COMPLETED does, the steps not heartbeating)
 * and the saga stops before its next step. Cancelling a running local activity instead
 * sends the worker into a state-machine error on replay ("Invalid transition in state
 * machine", seen when a workflow cancellation reached a saga whose step was running).
 *
 * A local activity's failure may also reach the workflow without the ActivityFailure a
 * regular activity's comes in (the ApplicationFailure the step threw, or on replay a bare
 * TimeoutFailure); it is wrapped the same way, so the saga treats both kinds of step alike.
 */
function asUncancellableSteps(activities: ForwardSteps): ForwardSteps {
  const wrapped: Partial<Record<keyof ForwardSteps, (input: never) => Promise<unknown>>> = {};
  for (const name of FORWARD_STEPS) {
    const run = (input: never) => (activities[name] as (input: never) => Promise<unknown>)(input);
    wrapped[name] = (input) =>
      CancellationScope.nonCancellable(() => run(input)).catch((error: unknown) => {
        if (error instanceof ApplicationFailure || error instanceof TimeoutFailure) {
          const retryState =
            error instanceof TimeoutFailure
              ? 'TIMEOUT'
              : error.nonRetryable
                ? 'NON_RETRYABLE_FAILURE'
                : 'MAXIMUM_ATTEMPTS_REACHED';
          throw new ActivityFailure(error.message, name, undefined, retryState, undefined, error);
        }
        throw error;
      });
  }
  return wrapped as ForwardSteps;
}
