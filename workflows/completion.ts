import { patched } from '@temporalio/workflow';
import { FINAL_STEP, type SagaFailure } from '../contract/saga';
import { toSagaFailure } from './failures';
import { fencedCancelReason } from './fenced-cancel';
import { PATCHES } from './patches';
import { retryInRounds } from './rounds';
import type { SagaTracker } from './saga-tracker';
import type { SagaTuning } from './tuning';

export interface Completion {
  complete: () => Promise<unknown>;
  /** Continues the saga as a new run that goes on completing. */
  continueAsNew: (failedRounds: number) => Promise<never>;
}

/** Why completeOrder did not complete, when the saga is to compensate instead. */
export interface CompletionRefusal {
  failure: SagaFailure;
  /** Set when a door fenced the order before completeOrder took its lock: that cancel's reason. */
  cancelReason?: string;
}

/**
 * Runs completeOrder, the point of no return, until it succeeds. The customer was told
 * the order can no longer be cancelled and an attempt may have committed the capture, so
 * no failure, not even a rejection, may compensate now: a round that fails marks the
 * saga COMPLETION_STUCK until a later round succeeds. `failedBefore` counts the rounds
 * that failed in earlier runs. Call inside a non-cancellable scope.
 *
 * The one exception is a cancel a door recorded as the order's fence before completeOrder
 * took the order's lock: completeOrder refused under that lock, so nothing was captured
 * or confirmed, and the cancel is honoured (returned with its reason). Otherwise returns
 * a failure only for runs that started before this rule and compensated on it.
 */
export async function runCompletion(
  { complete, continueAsNew }: Completion,
  saga: SagaTracker,
  tuning: SagaTuning,
  failedBefore = 0,
): Promise<CompletionRefusal | undefined> {
  let refusal: CompletionRefusal | undefined;
  await retryInRounds(
    {
      attempt: complete,
      failed(err, failedRounds) {
        const failure = toSagaFailure(err, FINAL_STEP.name);
        if (failedRounds === 1 && !patched(PATCHES.completionRetriedUntilDone)) {
          refusal = { failure };
          return 'give up';
        }
        const cancelReason = fencedCancelReason(err);
        if (cancelReason !== undefined && patched(PATCHES.fencedCancelBeforeCompletion)) {
          refusal = { failure, cancelReason };
          return 'give up';
        }
        saga.markCompletionStuck({ type: failure.type, message: failure.message, failedRounds });
        return 'retry';
      },
      continueAsNew,
      failedBefore,
    },
    saga,
    tuning,
  );
  return refusal;
}
