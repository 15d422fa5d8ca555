import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The saga's public surface: statuses, the status query, the signals and the search
 * attributes. Free of workflow logic so the REST API and the Kafka ingress can import
 * these definitions too.
 */
export const SAGA_STATUSES = [
  'STARTED',
  'RESERVING_INVENTORY',
  'AUTHORIZING_PAYMENT',
  'CREATING_SHIPMENT',
  'COMPLETING',
  'COMPLETED',
  'COMPENSATING',
  'COMPENSATION_STUCK',
  'COMPENSATED',
] as const;

export type SagaStatus = (typeof SAGA_STATUSES)[number];

export type SagaStep = 'reserveInventory' | 'authorizePayment' | 'createShipment' | 'completeOrder';

export type SagaCompensation = 'releaseInventory' | 'voidOrRefundPayment' | 'cancelShipment' | 'cancelOrder';

export interface SagaFailure {
  /** ApplicationFailure type (e.g. `OutOfStock`), or `Timeout` / `Error` for exhausted retries. */
  type: string;
  message: string;
  step: SagaStep;
}

export interface CompensationError {
  compensation: SagaCompensation;
  message: string;
  /** Failed rounds so far; each round is several attempts with backoff. */
  failedRounds: number;
}

export interface SagaState {
  status: SagaStatus;
  orderId: string;
  completedSteps: SagaStep[];
  compensationsRun: SagaCompensation[];
  failure?: SagaFailure;
  lastCompensationError?: CompensationError;
  cancelRequested: boolean;
  cancelReason?: string;
  /** A cancel arrived after the point of no return and was ignored. */
  cancelRejected: boolean;
}

/** What the workflow returns: business outcomes are results, not thrown errors. */
export interface SagaOutcome {
  status: 'COMPLETED' | 'COMPENSATED';
  orderId: string;
  /** Why the saga was compensated: the rejection message or the cancel reason. */
  reason?: string;
  failure?: SagaFailure;
  compensations: SagaCompensation[];
  cancelRejected?: boolean;
}

export const statusQuery = defineQuery<SagaState>('status');
export const cancelSignal = defineSignal<[reason?: string]>('cancel');
/** Operator signal: retry a stuck compensation now instead of waiting for the next backoff. */
export const retryCompensationSignal = defineSignal('retryCompensation');

export const SEARCH_ATTRIBUTE_KEYS = {
  orderId: { name: 'OrderId', type: 'KEYWORD' },
  customerId: { name: 'CustomerId', type: 'KEYWORD' },
  sagaStatus: { name: 'SagaStatus', type: 'KEYWORD' },
} as const;
