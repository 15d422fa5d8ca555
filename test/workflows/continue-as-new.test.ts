import '../setup/temporal-runtime';
import { describe, expect, it } from 'vitest';
import type { SagaCompensation, SagaOutcome, SagaState } from '../../contract/saga';
import { sagaCountQuery } from '../../src/api/saga-gauge';
import type { SagaView } from '../../src/temporal/saga-client';
import { waitFor } from '../support/wait-for';
import { runHistories, runPath, useSagaEnv, type SagaHandle, type SagaPath } from './saga-harness';
import { CONTINUE_AS_NEW_AFTER_EVENTS, SAGA_PATHS } from './saga-paths';

const forward = ['reserveInventory', 'authorizePayment', 'createShipment', 'completeOrder'];
const compensations: SagaCompensation[] = [
  'cancelShipment',
  'voidOrRefundPayment',
  'releaseInventory',
  'cancelOrder',
];
/**
 * A run continues as new between rounds once it has the threshold's events, so it ends at
 * most one round later: a failed round, the backoff timer, a signal that cut it short and
 * the workflow tasks in between are fewer than 20 events.
 */
const MAX_EVENTS_PER_RUN = CONTINUE_AS_NEW_AFTER_EVENTS + 20;

async function expectRunsBounded(handle: SagaHandle): Promise<void> {
  const runs = await runHistories(handle);
  expect(runs.length).toBeGreaterThan(1);
  for (const run of runs) expect(run.events?.length).toBeLessThanOrEqual(MAX_EVENTS_PER_RUN);
}

describe('a stuck orderSaga continued as new', () => {
  const saga = useSagaEnv('continue-as-new-test');
  /** Runs a path whose saga continues as new; `state` is what the later run's status query said. */
  async function runContinued(path: SagaPath) {
    const run = await runPath(saga.env, path);
    return { ...run, state: (run.observed.continuedView as SagaView).state };
  }

  it('a long-stuck compensation goes on in a new run with its state and search attributes and ends as it would in one run', async () => {
    const { outcome, script, observed, handle, state } = await runContinued(
      SAGA_PATHS.compensationStuckContinuedAsNew,
    );
    expect(state).toMatchObject({
      status: 'COMPENSATION_STUCK',
      completedSteps: ['reserveInventory', 'authorizePayment'],
      compensationsRun: ['cancelShipment'],
      failure: { type: 'AddressUndeliverable', step: 'createShipment' },
      lastCompensationError: { compensation: 'voidOrRefundPayment' },
    });
    expect(observed.continuedSearchAttributes).toMatchObject({
      OrderId: [outcome.orderId],
      CustomerId: ['customer-7'],
      SagaStatus: ['COMPENSATION_STUCK'],
    });
    // A door checks a repeated order against the digest in the latest run's memo.
    expect(observed.continuedMemo).toEqual({ orderDigest: `digest-of-${outcome.orderId}` });
    // Before the point of no return a cancel is still accepted; the saga is compensating anyway.
    expect(observed.cancelWhileStuck).toBe('accepted');

    const expected: SagaOutcome = {
      status: 'COMPENSATED',
      orderId: outcome.orderId,
      reason: 'AddressUndeliverable: no such street',
      failure: { type: 'AddressUndeliverable', message: 'no such street', step: 'createShipment' },
      compensations,
      cancelRejected: false,
    };
    expect(outcome).toEqual(expected);
    expect(await (observed.clientOutcome as Promise<SagaOutcome>)).toEqual(expected);
    expect(script.calls.filter((call) => call !== 'voidOrRefundPayment')).toEqual([
      ...forward.slice(0, 3),
      ...compensations.filter((call) => call !== 'voidOrRefundPayment'),
    ]);
    expect(await handle.query<SagaState>('status')).toMatchObject({
      status: 'COMPENSATED',
      compensationsRun: compensations,
      cancelRequested: true,
    });
    await expectRunsBounded(handle);
  });

  it('a long-stuck completion goes on in a new run, still refuses a cancel, and completes with nothing compensated', async () => {
    const { outcome, script, observed, handle, state } = await runContinued(
      SAGA_PATHS.completionStuckContinuedAsNew,
    );
    expect(state).toMatchObject({
      status: 'COMPLETION_STUCK',
      completedSteps: forward.slice(0, 3),
      compensationsRun: [],
      lastCompletionError: { type: 'Error' },
    });
    expect(observed.continuedSearchAttributes).toMatchObject({ SagaStatus: ['COMPLETION_STUCK'] });
    expect(observed.cancelWhileStuck).toBe('too-late');

    const expected: SagaOutcome = {
      status: 'COMPLETED',
      orderId: outcome.orderId,
      compensations: [],
      cancelRejected: true,
    };
    expect(outcome).toEqual(expected);
    expect(await (observed.clientOutcome as Promise<SagaOutcome>)).toEqual(expected);
    expect(new Set(script.calls)).toEqual(new Set(forward));
    expect((await handle.describe()).searchAttributes.SagaStatus).toEqual(['COMPLETED']);
    await expectRunsBounded(handle);
  });

  it('the sagas gauge counts a saga that continued as new once, by its latest run', async () => {
    const { handle } = await runPath(saga.env, SAGA_PATHS.compensationStuckContinuedAsNew);
    const count = async (status: 'COMPENSATED' | 'COMPENSATION_STUCK') => {
      const query = `${sagaCountQuery(status)} AND WorkflowId = "${handle.workflowId}"`;
      return (await saga.env.client.workflow.count(query)).count;
    };
    await waitFor('visibility to show the saga compensated', async () => (await count('COMPENSATED')) === 1);
    expect(await count('COMPENSATION_STUCK')).toBe(0);
  });
});
