import { makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import type { SagaCompensation, SagaState } from '../contract/saga';
import type { orderSaga, OrderSagaInput } from './order-saga';

/**
 * Where a stuck saga stands when it continues as a new run. The new run goes on from
 * there with the same state, so the status query, the search attributes and the outcome
 * are what they would have been in one run.
 */
export type SagaContinuation =
  | { phase: 'completing'; state: SagaState; failedRounds: number }
  | {
      phase: 'compensating';
      state: SagaState;
      /** The compensations still to run, the stuck one first. */
      pending: SagaCompensation[];
      reason: string;
      failedRounds: number;
    };

/** Continues as a new run of this saga; the search attributes go along as they are now. */
export function continueSaga(input: OrderSagaInput, continued: SagaContinuation): Promise<never> {
  const next = makeContinueAsNewFunc<typeof orderSaga>({
    typedSearchAttributes: workflowInfo().typedSearchAttributes,
  });
  return next({ ...input, continued });
}
