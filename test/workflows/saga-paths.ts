import { ApplicationFailure } from '@temporalio/common';
import proto, { type temporal } from '@temporalio/proto';
import { BUSINESS_REJECTIONS, SAGA_STATE_ERRORS } from '../../contract/errors';
import { awaitOutcome, getSaga, requestCancel, signalCancel } from '../../src/temporal/saga-client';
import { waitFor } from '../support/wait-for';
import {
  SEARCH_ATTRIBUTE_KEYS,
  cancelSignal,
  resumeSignal,
  retryCompensationSignal,
  type SagaState,
  type SagaStatus,
} from '../../contract/saga';
import { waitForStatus, type PathRun, type SagaPath } from './saga-harness';
import {
  Gate,
  defaultBehaviour,
  failTimes,
  reject,
  type ActivityName,
  type Behaviour,
  type OrderScript,
} from './scripted-activities';

/**
 * Every path through the saga, scripted. The unit tests assert on them and the history
 * recorder records them, so the replay histories cover exactly what the tests cover.
 */
const cancelReason = 'customer changed their mind';

async function observeStuck(run: PathRun, status: SagaStatus = 'COMPENSATION_STUCK'): Promise<void> {
  run.observed.stuckState = await waitForStatus(run.handle, (s) => s.status === status);
  const description = await run.handle.describe();
  run.observed.stuckSearchAttribute = description.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.sagaStatus);
}

/** A stuck saga continues as new once its history has this many events: after a round or two. */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 50;

/**
 * Waits until a later run than the first is stuck, then records what the saga client
 * and the search attributes show of it, and what a cancel request gets.
 */
async function observeContinuedRun(run: PathRun, orderId: string, status: SagaStatus): Promise<void> {
  run.observed.continuedView = await waitFor('a stuck run continued from the first', async () => {
    const view = await getSaga(run.client, orderId);
    const continued = view && view.runId !== run.handle.firstExecutionRunId;
    return continued && view.state.status === status ? view : undefined;
  });
  const described = await run.handle.describe();
  run.observed.continuedSearchAttributes = described.searchAttributes;
  run.observed.continuedMemo = described.memo;
  run.observed.cancelWhileStuck = await requestCancel(run.client, orderId, cancelReason);
}

/** Holds `step` until the cancel is sent and the saga shows `releaseWhen`, then lets it `then`. */
function cancelWhileRunning(
  script: OrderScript,
  step: ActivityName,
  then: Behaviour,
  releaseWhen: (state: SagaState) => boolean,
  laterAttempts?: Behaviour,
): (run: PathRun) => Promise<void> {
  const gate = new Gate();
  const held = gate.behaviour(then);
  script.behaviours[step] = (attempt) =>
    attempt > 1 && laterAttempts ? laterAttempts(attempt) : held(attempt);
  return async ({ handle }) => {
    await gate.started;
    await handle.signal(cancelSignal, cancelReason);
    await waitForStatus(handle, releaseWhen);
    gate.release();
  };
}

/** Holds `name` until a bare cancel signal (no fence) has reached the server, then lets it succeed. */
function signalCancelWhileRunning(
  script: OrderScript,
  name: ActivityName,
  orderId: string,
): (run: PathRun) => Promise<void> {
  const gate = new Gate();
  script.behaviours[name] = gate.behaviour(defaultBehaviour(name, orderId));
  return async ({ handle }) => {
    await gate.started;
    await handle.signal(cancelSignal, cancelReason);
    gate.release();
  };
}

/** What a step does once a door has recorded the cancel as the order's fence. */
const refusedByFence: Behaviour = () => {
  throw ApplicationFailure.create({
    type: SAGA_STATE_ERRORS.ORDER_CANCELLED,
    message: `Order is cancelled: ${cancelReason}`,
    details: [{ reason: cancelReason, source: 'HTTP' }],
    nonRetryable: true,
  });
};

const { EventType } = proto.temporal.api.enums.v1;

/**
 * Resolves once the saga has been handed the `sent` event (a cancel request, say) in a
 * workflow task: a saga busy with local activities gets it only when its task reports that
 * it is still alive.
 */
async function seenBySaga(handle: PathRun['handle'], sent: temporal.api.enums.v1.EventType): Promise<void> {
  await waitFor('the event handed to the saga', async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const at = events.findIndex((event) => event.eventType === sent);
    const handed =
      at >= 0 && events.slice(at).some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    return handed || undefined;
  });
}

/** `name` fails every attempt as `fail` says until the driver fixes it. */
function brokenUntilFixed(script: OrderScript, name: ActivityName, orderId: string, fail: Behaviour) {
  let broken = true;
  script.behaviours[name] = (attempt) => (broken ? fail(attempt) : defaultBehaviour(name, orderId)(attempt));
  return { fix: () => void (broken = false) };
}

const providerUnavailable: Behaviour = (attempt) => {
  throw new Error(`payment provider unavailable, attempt ${attempt}`);
};

/** voidOrRefundPayment fails every attempt until the driver lets it succeed. */
function brokenRefund(script: OrderScript, orderId: string): { fix(): void } {
  script.behaviours.createShipment = reject(BUSINESS_REJECTIONS.ADDRESS_UNDELIVERABLE, 'no such street');
  return brokenUntilFixed(script, 'voidOrRefundPayment', orderId, providerUnavailable);
}

export const SAGA_PATHS = {
  happy: { name: 'happy', setup: () => undefined },
  outOfStock: {
    name: 'out-of-stock',
    setup: (script) =>
      void (script.behaviours.reserveInventory = reject(BUSINESS_REJECTIONS.OUT_OF_STOCK, 'SKU-1: 0 left')),
  },
  paymentDeclined: {
    name: 'payment-declined',
    // Thrown as retryable on purpose: the workflow's nonRetryableErrorTypes must stop the retries.
    setup: (script) =>
      void (script.behaviours.authorizePayment = () => {
        throw ApplicationFailure.create({
          type: BUSINESS_REJECTIONS.PAYMENT_DECLINED,
          message: 'insufficient credit',
        });
      }),
  },
  addressUndeliverable: {
    name: 'address-undeliverable',
    setup: (script) =>
      void (script.behaviours.createShipment = reject(
        BUSINESS_REJECTIONS.ADDRESS_UNDELIVERABLE,
        'no such street',
      )),
  },
  captureDeclinedThenResumed: {
    name: 'capture-declined-then-resumed',
    // A backoff far beyond the test timeout: only the operator signal can resume it in time.
    tuning: { stuckInitialBackoffMs: 600_000, stuckMaximumBackoffMs: 600_000 },
    setup(script, orderId) {
      const capture = brokenUntilFixed(
        script,
        'completeOrder',
        orderId,
        reject(BUSINESS_REJECTIONS.PAYMENT_DECLINED, 'capture declined'),
      );
      return async (run) => {
        await observeStuck(run, 'COMPLETION_STUCK');
        run.observed.cancelWhileStuck = await requestCancel(run.client, orderId, cancelReason);
        // The Kafka door signals without asking first: the saga itself must refuse it.
        await signalCancel(run.client, orderId, cancelReason);
        await waitForStatus(run.handle, (s) => s.cancelRejected);
        capture.fix();
        await run.handle.signal(resumeSignal);
      };
    },
  },
  completionStuckThenRecovered: {
    name: 'completion-stuck-then-recovered',
    setup(script, orderId) {
      const capture = brokenUntilFixed(script, 'completeOrder', orderId, providerUnavailable);
      return async (run) => {
        await observeStuck(run, 'COMPLETION_STUCK');
        // Let at least one more round fail, so the backoff is seen to repeat.
        await waitForStatus(run.handle, (s) => (s.lastCompletionError?.failedRounds ?? 0) >= 2);
        capture.fix();
      };
    },
  },
  cancelBeforePointOfNoReturn: {
    name: 'cancel-before-point-of-no-return',
    setup: (script, orderId) =>
      cancelWhileRunning(
        script,
        'authorizePayment',
        defaultBehaviour('authorizePayment', orderId),
        (s) => s.cancelRequested,
      ),
  },
  cancelAfterPointOfNoReturn: {
    name: 'cancel-after-point-of-no-return',
    setup: (script, orderId) =>
      cancelWhileRunning(
        script,
        'completeOrder',
        defaultBehaviour('completeOrder', orderId),
        (s) => s.cancelRejected,
      ),
  },
  cancelThenStepRejected: {
    name: 'cancel-then-step-rejected',
    setup: (script) =>
      cancelWhileRunning(
        script,
        'createShipment',
        reject(BUSINESS_REJECTIONS.ADDRESS_UNDELIVERABLE, 'no such street'),
        (s) => s.cancelRequested,
      ),
  },
  cancelThenStepTimedOut: {
    name: 'cancel-then-step-timed-out',
    // Short enough for a test to wait out one attempt, as when the step's worker dies.
    tuning: { activityTimeoutMs: 1_000 },
    // The attempt outlives its timeout: it is let go only once the saga has given up on it.
    // A local activity's retries are the worker's, which the signal does not stop; the next
    // attempt meets the fence the door recorded with the cancel and refuses.
    setup: (script, orderId) =>
      cancelWhileRunning(
        script,
        'createShipment',
        defaultBehaviour('createShipment', orderId),
        (s) => s.status === 'COMPENSATED',
        refusedByFence,
      ),
  },
  cancelFencedBeforeStep: {
    name: 'cancel-fenced-before-step',
    // A door fenced the order while reserveInventory ran: the next step refuses.
    setup: (script) => void (script.behaviours.authorizePayment = refusedByFence),
  },
  cancelFencedBeforeCompletion: {
    name: 'cancel-fenced-before-completion',
    // The fence committed before completeOrder took the order's lock: nothing was captured.
    setup: (script) => void (script.behaviours.completeOrder = refusedByFence),
  },
  cancelSignalDuringLocalSteps: {
    name: 'cancel-signal-during-local-steps',
    // Far from the task's keep-alive: the signal can reach the saga only after its local steps.
    workflowTaskTimeout: '10s',
    setup: (script, orderId) => signalCancelWhileRunning(script, 'createShipment', orderId),
  },
  cancelSignalDuringLocalCompensations: {
    name: 'cancel-signal-during-local-compensations',
    // Far from the task's keep-alive: the signal can reach the saga only after its local
    // steps and compensations.
    workflowTaskTimeout: '10s',
    setup(script, orderId) {
      script.behaviours.authorizePayment = reject(BUSINESS_REJECTIONS.PAYMENT_DECLINED, 'card expired');
      return signalCancelWhileRunning(script, 'releaseInventory', orderId);
    },
  },
  workflowCancellation: {
    name: 'workflow-cancellation',
    setup(script, orderId) {
      const gate = new Gate();
      script.behaviours.createShipment = gate.behaviour(defaultBehaviour('createShipment', orderId));
      return async ({ handle }) => {
        await gate.started;
        await handle.cancel();
        await seenBySaga(handle, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
        gate.release();
      };
    },
  },
  compensationRetry: {
    name: 'compensation-retry',
    setup(script, orderId) {
      script.behaviours.authorizePayment = reject(BUSINESS_REJECTIONS.PAYMENT_DECLINED, 'card expired');
      script.behaviours.releaseInventory = failTimes(2, defaultBehaviour('releaseInventory', orderId));
    },
  },
  compensationStuckThenResumed: {
    name: 'compensation-stuck-then-resumed',
    // A backoff far beyond the test timeout: only the operator signal can resume it in time.
    tuning: { stuckInitialBackoffMs: 600_000, stuckMaximumBackoffMs: 600_000 },
    setup(script, orderId) {
      const refund = brokenRefund(script, orderId);
      return async (run) => {
        await observeStuck(run);
        refund.fix();
        await run.handle.signal(retryCompensationSignal);
      };
    },
  },
  compensationStuckThenRecovered: {
    name: 'compensation-stuck-then-recovered',
    setup(script, orderId) {
      const refund = brokenRefund(script, orderId);
      return async (run) => {
        await observeStuck(run);
        // Let at least one more round fail, so the backoff is seen to repeat.
        await waitForStatus(run.handle, (s) => (s.lastCompensationError?.failedRounds ?? 0) >= 2);
        refund.fix();
      };
    },
  },
  compensationStuckContinuedAsNew: {
    name: 'compensation-stuck-continued-as-new',
    tuning: { continueAsNewAfterEvents: CONTINUE_AS_NEW_AFTER_EVENTS },
    setup(script, orderId) {
      const refund = brokenRefund(script, orderId);
      return async (run) => {
        // Asked for before any run continued, so it must follow the runs to the outcome.
        run.observed.clientOutcome = awaitOutcome(run.client, orderId);
        await observeContinuedRun(run, orderId, 'COMPENSATION_STUCK');
        await waitForStatus(run.handle, (s) => s.cancelRequested);
        refund.fix();
        await run.handle.signal(resumeSignal);
      };
    },
  },
  completionStuckContinuedAsNew: {
    name: 'completion-stuck-continued-as-new',
    tuning: { continueAsNewAfterEvents: CONTINUE_AS_NEW_AFTER_EVENTS },
    setup(script, orderId) {
      const capture = brokenUntilFixed(script, 'completeOrder', orderId, providerUnavailable);
      return async (run) => {
        run.observed.clientOutcome = awaitOutcome(run.client, orderId);
        await observeContinuedRun(run, orderId, 'COMPLETION_STUCK');
        await signalCancel(run.client, orderId, cancelReason);
        await waitForStatus(run.handle, (s) => s.cancelRejected);
        capture.fix();
        await run.handle.signal(resumeSignal);
      };
    },
  },
  transientActivityRetry: {
    name: 'transient-activity-retry',
    setup: (script, orderId) =>
      void (script.behaviours.reserveInventory = failTimes(2, defaultBehaviour('reserveInventory', orderId))),
  },
  stepOutOfRetries: {
    name: 'step-out-of-retries',
    setup: (script) => void (script.behaviours.createShipment = failTimes(Infinity, () => undefined)),
  },
} satisfies Record<string, SagaPath>;
