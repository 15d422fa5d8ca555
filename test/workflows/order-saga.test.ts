import '../setup/temporal-runtime';
import { describe, expect, it } from 'vitest';
import type { SagaState } from '../../contract/saga';
import { runPath, useSagaEnv } from './saga-harness';
import { SAGA_PATHS } from './saga-paths';

const forward = ['reserveInventory', 'authorizePayment', 'createShipment', 'completeOrder'];

describe('orderSaga', () => {
  const saga = useSagaEnv('order-saga-test');

  it('completes an order through all four steps without compensating anything', async () => {
    const { outcome, script, handle } = await runPath(saga.env, SAGA_PATHS.happy);
    expect(outcome).toEqual({
      status: 'COMPLETED',
      orderId: outcome.orderId,
      compensations: [],
      cancelRejected: false,
    });
    expect(script.calls).toEqual(forward);
    const state = await handle.query<SagaState>('status');
    expect(state).toMatchObject({ status: 'COMPLETED', completedSteps: forward, compensationsRun: [] });
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({
      OrderId: [outcome.orderId],
      CustomerId: ['customer-7'],
      SagaStatus: ['COMPLETED'],
    });
  });

  it.each([
    {
      path: SAGA_PATHS.outOfStock,
      failure: { type: 'OutOfStock', message: 'SKU-1: 0 left', step: 'reserveInventory' },
      compensations: ['releaseInventory', 'cancelOrder'],
    },
    {
      path: SAGA_PATHS.paymentDeclined,
      failure: { type: 'PaymentDeclined', message: 'insufficient credit', step: 'authorizePayment' },
      compensations: ['voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
    },
    {
      path: SAGA_PATHS.addressUndeliverable,
      failure: { type: 'AddressUndeliverable', message: 'no such street', step: 'createShipment' },
      compensations: ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
    },
  ])(
    'a rejection in $failure.step runs exactly $compensations, in that order',
    async ({ path, failure, compensations }) => {
      const { outcome, script } = await runPath(saga.env, path);
      expect(outcome).toMatchObject({ status: 'COMPENSATED', failure, compensations });
      expect(outcome.reason).toBe(`${failure.type}: ${failure.message}`);
      const stepIndex = forward.indexOf(failure.step);
      // The rejected step ran once (business rejections are not retried), then the compensations.
      expect(script.calls).toEqual([...forward.slice(0, stepIndex + 1), ...compensations]);
    },
  );

  it('a cancel before the point of no return compensates the steps started so far', async () => {
    const { outcome, script } = await runPath(saga.env, SAGA_PATHS.cancelBeforePointOfNoReturn);
    const compensations = ['voidOrRefundPayment', 'releaseInventory', 'cancelOrder'];
    expect(outcome).toEqual({
      status: 'COMPENSATED',
      orderId: outcome.orderId,
      reason: 'cancelled: customer changed their mind',
      compensations,
      cancelRejected: false,
    });
    expect(script.calls).toEqual(['reserveInventory', 'authorizePayment', ...compensations]);
  });

  it('a cancel after the point of no return is rejected and the order completes', async () => {
    const { outcome, script, handle } = await runPath(saga.env, SAGA_PATHS.cancelAfterPointOfNoReturn);
    expect(outcome).toMatchObject({ status: 'COMPLETED', compensations: [], cancelRejected: true });
    expect(script.calls).toEqual(forward);
    expect(await handle.query<SagaState>('status')).toMatchObject({
      cancelRequested: false,
      cancelRejected: true,
    });
  });

  it.each([
    {
      path: SAGA_PATHS.cancelThenStepRejected,
      failure: { type: 'AddressUndeliverable', step: 'createShipment' },
      attempts: 1,
    },
    // The attempt that timed out is retried by the worker, and the retry meets the fence.
    {
      path: SAGA_PATHS.cancelThenStepTimedOut,
      failure: { type: 'OrderCancelled', step: 'createShipment' },
      attempts: 2,
    },
  ])(
    'a cancel that arrives while a step runs is the reason, even when the step then fails ($path.name)',
    async ({ path, failure, attempts }) => {
      const { outcome, script } = await runPath(saga.env, path);
      const compensations = ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'];
      expect(outcome).toMatchObject({
        status: 'COMPENSATED',
        reason: 'cancelled: customer changed their mind',
        failure,
        compensations,
      });
      expect(script.calls).toEqual([
        'reserveInventory',
        'authorizePayment',
        ...Array<string>(attempts).fill('createShipment'),
        ...compensations,
      ]);
    },
  );

  it('a cancel a door recorded as the fence stops the saga at its next step, with the cancel as the reason', async () => {
    const { outcome, script, handle } = await runPath(saga.env, SAGA_PATHS.cancelFencedBeforeStep);
    const compensations = ['voidOrRefundPayment', 'releaseInventory', 'cancelOrder'];
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      reason: 'cancelled: customer changed their mind',
      failure: { type: 'OrderCancelled', step: 'authorizePayment' },
      compensations,
      cancelRejected: false,
    });
    expect(script.calls).toEqual(['reserveInventory', 'authorizePayment', ...compensations]);
    const state = await handle.query<SagaState>('status');
    expect(state).toMatchObject({ cancelRequested: true, cancelReason: 'customer changed their mind' });
  });

  it('a completeOrder refused by a fence recorded before it took the lock compensates every step: nothing was captured', async () => {
    const { outcome, script, handle } = await runPath(saga.env, SAGA_PATHS.cancelFencedBeforeCompletion);
    const compensations = ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'];
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      reason: 'cancelled: customer changed their mind',
      failure: { type: 'OrderCancelled', step: 'completeOrder' },
      compensations,
      cancelRejected: false,
    });
    // Refused once, not retried as a stuck completion.
    expect(script.calls).toEqual([...forward, ...compensations]);
    const state = await handle.query<SagaState>('status');
    expect(state).toMatchObject({
      status: 'COMPENSATED',
      cancelRequested: true,
      completedSteps: forward.slice(0, 3),
    });
  });

  it('a capture declined after the point of no return compensates nothing: the saga shows COMPLETION_STUCK, refuses a cancel and completes on the resume signal', async () => {
    const { outcome, script, observed, handle } = await runPath(
      saga.env,
      SAGA_PATHS.captureDeclinedThenResumed,
    );
    expect(observed.stuckState).toMatchObject({
      status: 'COMPLETION_STUCK',
      completedSteps: forward.slice(0, 3),
      compensationsRun: [],
      lastCompletionError: { type: 'PaymentDeclined', message: 'capture declined', failedRounds: 1 },
    });
    expect(observed.stuckSearchAttribute).toBe('COMPLETION_STUCK');
    expect(observed.cancelWhileStuck).toBe('too-late');
    expect(outcome).toEqual({
      status: 'COMPLETED',
      orderId: outcome.orderId,
      compensations: [],
      cancelRejected: true,
    });
    // The rejection is not retried within a round; the signal started the second round.
    expect(script.calls).toEqual([...forward, 'completeOrder']);
    expect((await handle.describe()).searchAttributes.SagaStatus).toEqual(['COMPLETED']);
  });

  it('a completeOrder that fails whole rounds is retried after a growing backoff until it completes, compensating nothing', async () => {
    const { outcome, script, observed, handle } = await runPath(
      saga.env,
      SAGA_PATHS.completionStuckThenRecovered,
    );
    expect(observed.stuckSearchAttribute).toBe('COMPLETION_STUCK');
    expect(outcome).toMatchObject({ status: 'COMPLETED', compensations: [] });
    expect(new Set(script.calls)).toEqual(new Set(forward));
    // At least two rounds of 3 failed attempts each, then the one that succeeded.
    expect(script.attempts.completeOrder).toBeGreaterThan(6);
    const state = await handle.query<SagaState>('status');
    expect(state).toMatchObject({
      status: 'COMPLETED',
      completedSteps: forward,
      lastCompletionError: { type: 'Error' },
    });
    expect(state.lastCompletionError?.failedRounds).toBeGreaterThanOrEqual(2);
  });

  it('a cancel signal without a fence that reaches the saga only after its local steps is rejected at the point of no return, and the steps stay on record', async () => {
    // Had completeOrder run in the same workflow task as the local steps, the server would
    // have refused that task's completion because of the signal, with the steps' markers,
    // and the saga would have replayed the signal before steps that had already committed.
    const { outcome, script, handle } = await runPath(saga.env, SAGA_PATHS.cancelSignalDuringLocalSteps);
    expect(outcome).toEqual({
      status: 'COMPLETED',
      orderId: outcome.orderId,
      compensations: [],
      cancelRejected: true,
    });
    expect(script.calls).toEqual(forward);
    const state = await handle.query<SagaState>('status');
    expect(state).toMatchObject({ completedSteps: forward, cancelRequested: false, cancelRejected: true });
  });

  it('a cancel signal that arrives while the local compensations run changes nothing: each step and compensation runs once, for the first reason', async () => {
    // Had cancelOrder run in the same workflow task as the local activities, the server
    // would have refused that task's completion because of the signal, with their markers,
    // and the saga would have replayed the signal before steps that had already committed.
    const { outcome, script } = await runPath(saga.env, SAGA_PATHS.cancelSignalDuringLocalCompensations);
    const compensations = ['voidOrRefundPayment', 'releaseInventory', 'cancelOrder'];
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      compensations,
      reason: 'PaymentDeclined: card expired',
    });
    expect(script.calls).toEqual(['reserveInventory', 'authorizePayment', ...compensations]);
  });

  it('cancelling the workflow through Temporal compensates like a cancel signal', async () => {
    const { outcome, script } = await runPath(saga.env, SAGA_PATHS.workflowCancellation);
    const compensations = ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'];
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      reason: 'cancelled: workflow cancellation requested',
    });
    expect(script.calls).toEqual([
      'reserveInventory',
      'authorizePayment',
      'createShipment',
      ...compensations,
    ]);
  });

  it('a compensation that fails a few times is retried until it succeeds', async () => {
    const { outcome, script, handle } = await runPath(saga.env, SAGA_PATHS.compensationRetry);
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      compensations: ['voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
    });
    expect(script.attempts.releaseInventory).toBe(3);
    expect((await handle.query<SagaState>('status')).lastCompensationError).toBeUndefined();
  });

  it('a compensation that keeps failing shows COMPENSATION_STUCK and resumes on the retryCompensation signal', async () => {
    const { outcome, script, observed, handle } = await runPath(
      saga.env,
      SAGA_PATHS.compensationStuckThenResumed,
    );
    expect(observed.stuckState).toMatchObject({
      status: 'COMPENSATION_STUCK',
      compensationsRun: ['cancelShipment'],
      lastCompensationError: { compensation: 'voidOrRefundPayment', failedRounds: 1 },
    });
    expect((observed.stuckState as SagaState).lastCompensationError?.message).toMatch(
      /payment provider unavailable/,
    );
    expect(observed.stuckSearchAttribute).toBe('COMPENSATION_STUCK');
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      compensations: ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
    });
    // One round of 3 failed attempts, then the attempt the signal triggered.
    expect(script.attempts.voidOrRefundPayment).toBe(4);
    expect((await handle.describe()).searchAttributes.SagaStatus).toEqual(['COMPENSATED']);
  });

  it('a stuck compensation is retried after a growing backoff and the saga then finishes', async () => {
    const { outcome, script, observed } = await runPath(saga.env, SAGA_PATHS.compensationStuckThenRecovered);
    expect(observed.stuckSearchAttribute).toBe('COMPENSATION_STUCK');
    expect(outcome.status).toBe('COMPENSATED');
    expect(outcome.compensations).toEqual([
      'cancelShipment',
      'voidOrRefundPayment',
      'releaseInventory',
      'cancelOrder',
    ]);
    expect(script.attempts.voidOrRefundPayment).toBeGreaterThan(6);
  });

  it('a step is retried after a transient infrastructure error', async () => {
    const { outcome, script } = await runPath(saga.env, SAGA_PATHS.transientActivityRetry);
    expect(outcome.status).toBe('COMPLETED');
    expect(script.attempts.reserveInventory).toBe(3);
  });

  it('a step that runs out of retries is compensated like a rejection', async () => {
    const { outcome, script } = await runPath(saga.env, SAGA_PATHS.stepOutOfRetries);
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      failure: { type: 'Error', step: 'createShipment' },
      compensations: ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
    });
    expect(script.attempts.createShipment).toBe(3);
  });
});
