/**
 * orderSaga: one workflow per order (id `order-<orderId>`).
 *
 *   STARTED
 *     │  register releaseInventory       compensations are registered BEFORE their
 *   RESERVING_INVENTORY   reserveInventory    step: a step can commit and then time out
 *     │  register voidOrRefundPayment
 *   AUTHORIZING_PAYMENT   authorizePayment
 *     │  register cancelShipment
 *   CREATING_SHIPMENT     createShipment
 *     │  ── from here on a cancel signal is rejected; only a door's fence still stops it ──
 *   COMPLETING            completeOrder (capture + confirm, one transaction: its commit
 *     │                   is the point of no return; refused by a fence, it compensates)
 *     ├─► COMPLETION_STUCK  completeOrder failed a whole round of attempts (for any
 *     │     ▲    │          other reason, a rejection too): wait a growing backoff, or less
 *     │     └────┘          if the `resume` signal arrives, and retry; never compensates
 *     ▼
 *   COMPLETED
 *
 *   on a business rejection, a cancel, or a step out of retries, before completeOrder:
 *   COMPENSATING   registered compensations in reverse order (local activities), then
 *     │            cancelOrder (regular), inside a non-cancellable scope
 *     ├─► COMPENSATION_STUCK  a compensation failed a whole round of attempts: wait a
 *     │     ▲    │            growing backoff, or less if the `retryCompensation` or
 *     │     └────┘            `resume` signal arrives, and retry; back to COMPENSATING
 *     ▼
 *   COMPENSATED
 *
 *   The three compensable steps run as local activities (runs started before: as regular
 *   ones), back to back in one workflow task, so a cancel signal may reach the saga only
 *   after them. The doors therefore record every cancel as the order's fence before they
 *   signal: the next step, completeOrder included, takes the order's lock, finds the fence
 *   and refuses, and the saga compensates with that cancel as the reason. completeOrder
 *   stays a regular activity, so the task that ran the local steps never also ends the
 *   workflow (see docs/replay-and-patching.md). A completeOrder refused by the fence
 *   captured nothing and is compensated; any other completion failure is retried. The
 *   compensations of the steps run as local activities too, and cancelOrder stays a
 *   regular activity for the same reason as completeOrder.
 *
 *   A stuck saga whose history has grown long continues as new between two rounds (same
 *   workflow id): the new run starts in the same phase with the same state, search
 *   attributes and compensations still to run, and goes on with the next round.
 *
 * Business outcomes (COMPLETED, COMPENSATED) are returned, not thrown. Compensations and
 * completeOrder are retried forever rather than skipped: a stuck saga stays visible
 * through the status query and the `SagaStatus` search attribute until someone fixes
 * the cause. A cancel lets the running step attempt finish, then compensates; the cancel
 * is the reason even if that attempt fails.
 */
import { CancellationScope, patched, setHandler } from '@temporalio/workflow';
import type { SagaRef } from '../contract/activities';
import type { OrderInput } from '../contract/order';
import {
  cancelSignal,
  DEFAULT_CANCEL_REASON,
  FINAL_STEP,
  LAST_COMPENSATION,
  resumeSignal,
  retryCompensationSignal,
  statusQuery,
  type SagaCompensation,
  type SagaOutcome,
} from '../contract/saga';
import { sagaActivities } from './activity-proxies';
import { runCompensations } from './compensations';
import { runCompletion } from './completion';
import { continueSaga, type SagaContinuation } from './continuation';
import { compensatedOutcome, completedOutcome, failureReason } from './outcome';
import { runForward } from './forward';
import { compensableSteps, compensate, everyCompensation } from './plan';
import { PATCHES } from './patches';
import { SagaTracker } from './saga-tracker';
import { resolveTuning, type SagaTuning } from './tuning';

export interface OrderSagaInput {
  order: OrderInput;
  /** Id of the event or request that started the saga; passed on to every activity. */
  causationId?: string;
  /** Retry and backoff timings; production defaults apply to whatever is left out. */
  tuning?: Partial<SagaTuning>;
  /** Set only in a run that a stuck saga continued as: where it stands. */
  continued?: SagaContinuation;
}

export async function orderSaga(input: OrderSagaInput): Promise<SagaOutcome> {
  const { order, continued } = input;
  const tuning = resolveTuning(input.tuning);
  const { steps, localSteps, compensations: regularUndo, localCompensations } = sagaActivities(tuning);
  // Runs started before keep regular activities for their compensable steps.
  const stepsAreLocal = patched(PATCHES.forwardStepsLocal);
  const forwardSteps = stepsAreLocal ? localSteps : steps;
  const saga = new SagaTracker(order, continued?.state);
  const { state } = saga;
  const ref: SagaRef = { orderId: order.orderId };
  if (input.causationId) ref.causationId = input.causationId;
  const forward = new CancellationScope();
  let pointOfNoReturn = continued?.phase === 'completing';

  setHandler(statusQuery, () => state);
  setHandler(retryCompensationSignal, () => saga.requestResume('COMPENSATION_STUCK'));
  setHandler(resumeSignal, () => saga.requestResume());
  setHandler(cancelSignal, (reason) => {
    if (pointOfNoReturn) {
      state.cancelRejected = true;
    } else if (!state.cancelRequested) {
      state.cancelRequested = true;
      state.cancelReason = reason ?? DEFAULT_CANCEL_REASON;
      forward.cancel();
    }
  });

  const compensateAll = async (pending: SagaCompensation[], reason: string, failedBefore = 0) => {
    // Runs that began compensating before keep regular activities for their compensations.
    const undo = patched(PATCHES.compensationsLocal) ? localCompensations : regularUndo;
    await CancellationScope.nonCancellable(() =>
      runCompensations(
        pending,
        {
          run: (name) => compensate(undo, name, ref, order, reason),
          continueAsNew: (rest, failedRounds) =>
            continueSaga(input, { phase: 'compensating', state, pending: rest, reason, failedRounds }),
        },
        saga,
        tuning,
        failedBefore,
      ),
    );
    saga.setStatus('COMPENSATED');
    return compensatedOutcome(state, reason);
  };

  /** `compensations`: what runs from before completion-retried-until-done undo on a failure. */
  const complete = async (compensations: SagaCompensation[], failedBefore = 0) => {
    // Once the capture has started nothing may interrupt it, not even a workflow cancellation.
    const refusal = await CancellationScope.nonCancellable(() =>
      runCompletion(
        {
          complete: () => steps.completeOrder(ref),
          continueAsNew: (failedRounds) => continueSaga(input, { phase: 'completing', state, failedRounds }),
        },
        saga,
        tuning,
        failedBefore,
      ),
    );
    if (refusal?.cancelReason !== undefined) {
      // A door fenced the order before completeOrder took its lock: nothing was captured,
      // so the point of no return was never reached and the cancel is honoured.
      pointOfNoReturn = false;
      Object.assign(state, { failure: refusal.failure, cancelRequested: true, cancelRejected: false });
      state.cancelReason = refusal.cancelReason;
      saga.setStatus('COMPENSATING');
      return compensateAll(compensations, `cancelled: ${refusal.cancelReason}`);
    }
    if (refusal) {
      state.failure = refusal.failure;
      saga.setStatus('COMPENSATING');
      return compensateAll(compensations, failureReason(refusal.failure));
    }
    state.completedSteps.push(FINAL_STEP.name);
    saga.setStatus('COMPLETED');
    return completedOutcome(state);
  };

  // A run continued while completing had registered every compensation before it got there.
  if (continued?.phase === 'completing') return complete(everyCompensation(), continued.failedRounds);
  if (continued?.phase === 'compensating') {
    return compensateAll(continued.pending, continued.reason, continued.failedRounds);
  }

  const { registered, cancelIsCause } = await runForward(
    forward,
    compensableSteps(forwardSteps, ref, order),
    saga,
    stepsAreLocal,
  );
  const compensations: SagaCompensation[] = [...registered, LAST_COMPENSATION];
  if (!state.cancelRequested && !state.failure) {
    pointOfNoReturn = true;
    saga.setStatus(FINAL_STEP.status);
    return complete(compensations);
  }
  const reason =
    state.failure && !cancelIsCause ? failureReason(state.failure) : `cancelled: ${state.cancelReason}`;
  saga.setStatus('COMPENSATING');
  return compensateAll(compensations, reason);
}
