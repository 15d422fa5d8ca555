import { condition, log, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrderInput } from '../contract/order';
import {
  initialSearchAttributes,
  SEARCH_ATTRIBUTE_KEYS,
  type CompensationError,
  type CompletionError,
  type SagaState,
  type SagaStatus,
} from '../contract/saga';

type StuckStatus = Extract<SagaStatus, 'COMPENSATION_STUCK' | 'COMPLETION_STUCK'>;

function isStuck(status: SagaStatus): status is StuckStatus {
  return status === 'COMPENSATION_STUCK' || status === 'COMPLETION_STUCK';
}

/**
 * Holds the state the status query returns and keeps the `SagaStatus` search attribute
 * in step with it, so the Web UI and the query never disagree.
 */
export class SagaTracker {
  readonly state: SagaState;
  private resumeRequested = false;

  /** `carried`: the state of the run this one continues, whose search attributes came along. */
  constructor(order: OrderInput, carried?: SagaState) {
    if (carried) {
      this.state = carried;
      return;
    }
    this.state = {
      status: 'STARTED',
      orderId: order.orderId,
      completedSteps: [],
      compensationsRun: [],
      cancelRequested: false,
      cancelRejected: false,
    };
    upsertSearchAttributes(initialSearchAttributes(order));
  }

  setStatus(status: SagaStatus): void {
    if (this.state.status === status) return;
    this.state.status = status;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTE_KEYS.sagaStatus, value: status }]);
  }

  markCompensationStuck(error: CompensationError): void {
    this.state.lastCompensationError = error;
    this.setStatus('COMPENSATION_STUCK');
    log.warn('Compensation is stuck; it will be retried', { ...error });
  }

  markCompletionStuck(error: CompletionError): void {
    this.state.lastCompletionError = error;
    this.setStatus('COMPLETION_STUCK');
    log.warn('Completing the order is stuck; it will be retried', { ...error });
  }

  /** An operator's signal to retry now; meaningless unless the saga is stuck (in `only`, if given). */
  requestResume(only?: StuckStatus): void {
    const { status } = this.state;
    if (isStuck(status) && (only === undefined || status === only)) this.resumeRequested = true;
  }

  /** Waits for the backoff to pass or for an operator to ask for a retry, whichever comes first. */
  async waitForResume(backoffMs: number): Promise<void> {
    await condition(() => this.resumeRequested, backoffMs);
    this.resumeRequested = false;
  }
}
