import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { SagaFailure, SagaStep } from '../contract/saga';

/** Names the reason a step failed: the business rejection type, or what ended its retries. */
export function toSagaFailure(err: ActivityFailure, step: SagaStep): SagaFailure {
  const { cause } = err;
  const type =
    cause instanceof ApplicationFailure
      ? (cause.type ?? 'Error')
      : cause instanceof TimeoutFailure
        ? 'Timeout'
        : (cause?.name ?? 'Error');
  return { type, message: cause?.message ?? err.message, step };
}

export function causeMessage(err: ActivityFailure): string {
  return err.cause?.message ?? err.message;
}
