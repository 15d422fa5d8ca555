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
 *     │  ── point of no return: from here on a cancel signal is rejected ──
 *   COMPLETING            completeOrder (capture + confirm, one transaction)
 *     ├─► COMPLETION_STUCK  completeOrder failed a whole round of attempts (for any
 *     │     ▲    │          reason, a rejection too): wait a growing backoff, or less if
 *     │     └────┘          the `resume` signal arrives, and retry; never compensates
 *     ▼
 *   COMPLETED
 *
 *   on a business rejection, a cancel, or a step out of retries, before completeOrder:
 *   COMPENSATING   registered compensations in reverse order, then cancelOrder,
 *     │            inside a non-cancellable scope
 *     ├─► COMPENSATION_STUCK  a compensation failed a whole round of attempts: wait a
 *     │     ▲    │            growing backoff, or less if the `retryCompensation` or
 *     │     └────┘            `resume` signal arrives, and retry; back to COMPENSATING
 *     ▼
 *   COMPENSATED
 *
 * Business outcomes (COMPLETED, COMPENSATED) are returned, not thrown. Compensations and
 * completeOrder are retried forever rather than skipped: a stuck saga stays visible
 * through the status query and the `SagaStatus` search attribute until someone fixes
 * the cause.
 * A cancel lets the running step attempt finish, then compensates.
 */
import {
  ActivityFailure,
  CancellationScope,
  CancelledFailure,
  isCancellation,
  patched,
  setHandler,
} from '@temporalio/workflow';
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
  type SagaStep,
} from '../contract/saga';
import { sagaActivities } from './activity-proxies';
import { runCompensations } from './compensations';
import { runCompletion } from './completion';
import { toSagaFailure } from './failures';
import { PATCHES } from './patches';
import { compensableSteps, compensate } from './plan';
import { SagaTracker } from './saga-tracker';
import { resolveTuning, type SagaTuning } from './tuning';

export interface OrderSagaInput {
  order: OrderInput;
  /** Id of the event or request that started the saga; passed on to every activity. */
  causationId?: string;
  /** Retry and backoff timings; production defaults apply to whatever is left out. */
  tuning?: Partial<SagaTuning>;
}

export async function orderSaga(input: OrderSagaInput): Promise<SagaOutcome> {
  const { order } = input;
  const tuning = resolveTuning(input.tuning);
  const { steps, compensations: undo } = sagaActivities(tuning);
  const saga = new SagaTracker(order);
  const { state } = saga;
  const ref: SagaRef = { orderId: order.orderId };
  if (input.causationId) ref.causationId = input.causationId;
  const forward = new CancellationScope();
  let pointOfNoReturn = false;

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

  let cancelIsCause = false;
  const cancelled = () => {
    cancelIsCause = true;
    state.cancelRequested = true;
    state.cancelReason ??= 'workflow cancellation requested';
  };

  const registered: SagaCompensation[] = [];
  let current: SagaStep = 'reserveInventory';
  try {
    await forward.run(async () => {
      for (const step of compensableSteps(steps, ref, order)) {
        // A step that finished after a cancel request still counts; the next one must not start.
        stopIfCancelled(forward);
        registered.unshift(step.compensation);
        current = step.name;
        saga.setStatus(step.status);
        await step.run();
        state.completedSteps.push(step.name);
      }
      stopIfCancelled(forward);
    });
  } catch (err) {
    if (isCancellation(err)) {
      cancelled();
    } else if (err instanceof ActivityFailure) {
      state.failure = toSagaFailure(err, current);
      // The attempt was already running when the cancel came (a timeout after its worker
      // died, say): the cancel is why the saga compensates; the failure stays on record.
      if (forward.consideredCancelled && patched(PATCHES.cancelIsFirstCause)) cancelled();
    } else {
      throw err;
    }
  }

  if (!state.cancelRequested && !state.failure) {
    pointOfNoReturn = true;
    saga.setStatus(FINAL_STEP.status);
    // Once the capture has started nothing may interrupt it, not even a workflow cancellation.
    const failure = await CancellationScope.nonCancellable(() =>
      runCompletion(() => steps.completeOrder(ref), saga, tuning),
    );
    if (!failure) {
      state.completedSteps.push(FINAL_STEP.name);
      saga.setStatus('COMPLETED');
      return {
        status: 'COMPLETED',
        orderId: order.orderId,
        compensations: [],
        cancelRejected: state.cancelRejected,
      };
    }
    state.failure = failure;
  }

  const reason =
    state.failure && !cancelIsCause
      ? `${state.failure.type}: ${state.failure.message}`
      : `cancelled: ${state.cancelReason}`;
  saga.setStatus('COMPENSATING');
  await CancellationScope.nonCancellable(() =>
    runCompensations(
      [...registered, LAST_COMPENSATION],
      (name) => compensate(undo, name, ref, order, reason),
      saga,
      tuning,
    ),
  );
  saga.setStatus('COMPENSATED');
  return {
    status: 'COMPENSATED',
    orderId: order.orderId,
    reason,
    ...(state.failure ? { failure: state.failure } : {}),
    compensations: [...state.compensationsRun],
    cancelRejected: state.cancelRejected,
  };
}

function stopIfCancelled(scope: CancellationScope): void {
  if (scope.consideredCancelled) throw new CancelledFailure('saga cancelled');
}
