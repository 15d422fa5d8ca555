import type { SagaFailure, SagaOutcome, SagaState } from '../contract/saga';

export function failureReason(failure: SagaFailure): string {
  return `${failure.type}: ${failure.message}`;
}

export function completedOutcome(state: SagaState): SagaOutcome {
  return {
    status: 'COMPLETED',
    orderId: state.orderId,
    compensations: [],
    cancelRejected: state.cancelRejected,
  };
}

export function compensatedOutcome(state: SagaState, reason: string): SagaOutcome {
  return {
    status: 'COMPENSATED',
    orderId: state.orderId,
    reason,
    ...(state.failure ? { failure: state.failure } : {}),
    compensations: [...state.compensationsRun],
    cancelRejected: state.cancelRejected,
  };
}
