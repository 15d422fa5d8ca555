import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  TimeoutFailure,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { OrderSagaActivities } from '../contract/activities';
// A module of plain constants without imports, so it is safe inside the workflow bundle.
import { BUSINESS_REJECTION_TYPES } from '../contract/errors';
import { COMPENSABLE_STEPS, LAST_COMPENSATION, type SagaCompensation } from '../contract/saga';
import type { SagaTuning } from './tuning';

/** The compensable forward steps: the activities that can run as local activities. */
export type ForwardSteps = Pick<OrderSagaActivities, (typeof COMPENSABLE_STEPS)[number]['name']>;
const FORWARD_STEPS = COMPENSABLE_STEPS.map((step) => step.name);

/** The activities that undo a saga, cancelOrder last. */
export type CompensationActivities = Pick<OrderSagaActivities, SagaCompensation>;
const STEP_COMPENSATIONS = COMPENSABLE_STEPS.map((step) => step.compensation);

/**
 * Forward steps retry infrastructure errors with backoff and stop at once on a business
 * rejection. Compensations get a few attempts per round; the saga itself repeats rounds
 * (see compensations.ts), so a compensation is never given up.
 *
 * Cancellation waits for the running attempt to finish (activities do not heartbeat), so
 * a compensation never races a step that is still committing.
 *
 * `localSteps` and `localCompensations` run as local activities: by the worker that runs
 * the workflow, recorded once as a marker, with no task queue round trip per attempt; call
 * them only inside a non-cancellable scope (see withActivityFailures).
 * cancelOrder, the last compensation, stays a regular activity for the same reason as
 * completeOrder (docs/replay-and-patching.md): the task that ran local activities must
 * end with a scheduled activity, never with the workflow's completion.
 */
export function sagaActivities(tuning: SagaTuning) {
  const stepRetry: RetryPolicy = {
    initialInterval: tuning.stepInitialIntervalMs,
    maximumInterval: tuning.stepMaximumIntervalMs,
    backoffCoefficient: 2,
    maximumAttempts: tuning.stepMaximumAttempts,
    nonRetryableErrorTypes: [...BUSINESS_REJECTION_TYPES],
  };
  const compensationRetry: RetryPolicy = {
    initialInterval: tuning.compensationInitialIntervalMs,
    maximumInterval: tuning.compensationMaximumIntervalMs,
    backoffCoefficient: 2,
    maximumAttempts: tuning.compensationAttemptsPerRound,
  };
  const timeout = { startToCloseTimeout: tuning.activityTimeoutMs };
  const steps = proxyActivities<OrderSagaActivities>({
    ...timeout,
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    retry: stepRetry,
  });
  const localSteps = withActivityFailures(
    proxyLocalActivities<OrderSagaActivities>({ ...timeout, retry: stepRetry }),
    FORWARD_STEPS,
  );
  const compensations = proxyActivities<OrderSagaActivities>({ ...timeout, retry: compensationRetry });
  const localCompensations: CompensationActivities = {
    ...withActivityFailures(
      proxyLocalActivities<OrderSagaActivities>({ ...timeout, retry: compensationRetry }),
      STEP_COMPENSATIONS,
    ),
    [LAST_COMPENSATION]: compensations[LAST_COMPENSATION],
  };
  return { steps, localSteps, compensations, localCompensations };
}

/**
 * Local activities must never be cancelled: cancelling a running local activity sends the
 * worker into a state-machine error on replay ("Invalid transition in state machine", seen
 * when a workflow cancellation reached a saga whose step was running). So they are called
 * only inside a non-cancellable scope (the forward loop's, the compensations'), which also
 * lets a cancel wait for the running attempt, as a regular step's WAIT_CANCELLATION_COMPLETED
 * does (the steps do not heartbeat); the saga stops before its next step. One scope around
 * the loop rather than one per call: each scope costs the SDK's per-promise stack capture.
 *
 * A local activity's failure may also reach the workflow without the ActivityFailure a
 * regular activity's comes in (the ApplicationFailure the activity threw, or on replay a
 * bare TimeoutFailure); it is wrapped the same way, so the saga treats both kinds alike.
 */
function withActivityFailures<Name extends keyof OrderSagaActivities>(
  activities: OrderSagaActivities,
  names: readonly Name[],
): Pick<OrderSagaActivities, Name> {
  const wrapped: Partial<Record<Name, (input: never) => Promise<unknown>>> = {};
  for (const name of names) {
    const run = (input: never) => (activities[name] as (input: never) => Promise<unknown>)(input);
    wrapped[name] = (input) =>
      run(input).catch((error: unknown) => {
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
  return wrapped as Pick<OrderSagaActivities, Name>;
}
