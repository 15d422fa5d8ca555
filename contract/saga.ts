import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OrderInput } from './order';

/**
 * The saga's public surface: statuses, steps, the status query, the signals and the
 * search attributes. Free of workflow logic, so the workflow, the activities, the REST
 * API and the Kafka ingress all import these definitions.
 */
export const SAGA_STATUSES = [
  'STARTED',
  'RESERVING_INVENTORY',
  'AUTHORIZING_PAYMENT',
  'CREATING_SHIPMENT',
  'COMPLETING',
  'COMPLETION_STUCK',
  'COMPLETED',
  'COMPENSATING',
  'COMPENSATION_STUCK',
  'COMPENSATED',
] as const;

export type SagaStatus = (typeof SAGA_STATUSES)[number];

/**
 * The compensable steps in order, each with the status the saga shows while it runs and
 * the compensation registered before it runs (a step can commit and still time out).
 */
export const COMPENSABLE_STEPS = [
  { name: 'reserveInventory', status: 'RESERVING_INVENTORY', compensation: 'releaseInventory' },
  { name: 'authorizePayment', status: 'AUTHORIZING_PAYMENT', compensation: 'voidOrRefundPayment' },
  { name: 'createShipment', status: 'CREATING_SHIPMENT', compensation: 'cancelShipment' },
] as const;

/**
 * The point of no return: once it starts, a cancel is rejected and nothing is compensated;
 * it is retried until it succeeds (COMPLETION_STUCK while a whole round failed).
 */
export const FINAL_STEP = { name: 'completeOrder', status: 'COMPLETING' } as const;

/** Every compensated saga ends with this one, whatever else ran. */
export const LAST_COMPENSATION = 'cancelOrder';

export type SagaStep = (typeof COMPENSABLE_STEPS)[number]['name'] | (typeof FINAL_STEP)['name'];

export type SagaCompensation = (typeof COMPENSABLE_STEPS)[number]['compensation'] | typeof LAST_COMPENSATION;

/** True once the saga has reached its point of no return: a cancel can no longer be honoured. */
export function isPastPointOfNoReturn(status: SagaStatus | undefined): boolean {
  return status === FINAL_STEP.status || status === 'COMPLETION_STUCK' || status === 'COMPLETED';
}

/** The reason recorded when a cancel request gives none. */
export const DEFAULT_CANCEL_REASON = 'cancel requested';

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

export interface CompletionError {
  /** ApplicationFailure type (e.g. `PaymentNotAuthorized`), or `Timeout` / `Error`. */
  type: string;
  message: string;
  /** Failed rounds so far; each round is the step's attempts with backoff. */
  failedRounds: number;
}

export interface SagaState {
  status: SagaStatus;
  orderId: string;
  completedSteps: SagaStep[];
  compensationsRun: SagaCompensation[];
  failure?: SagaFailure;
  lastCompensationError?: CompensationError;
  lastCompletionError?: CompletionError;
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
/** Operator signal: retry whatever is stuck (a compensation or the completion) now. */
export const resumeSignal = defineSignal('resume');

/** Custom search attributes, so a person can find sagas in the Temporal Web UI. */
export const SEARCH_ATTRIBUTE_KEYS = {
  orderId: { name: 'OrderId', type: 'KEYWORD' },
  customerId: { name: 'CustomerId', type: 'KEYWORD' },
  sagaStatus: { name: 'SagaStatus', type: 'KEYWORD' },
} as const;

/** The names to register on a Temporal namespace (all of type Keyword). */
export const SEARCH_ATTRIBUTE_NAMES = Object.values(SEARCH_ATTRIBUTE_KEYS).map((key) => key.name);

/** The search attributes a saga starts with: set by the client at start and by the workflow. */
export function initialSearchAttributes(order: Pick<OrderInput, 'orderId' | 'customerId'>) {
  return [
    { key: SEARCH_ATTRIBUTE_KEYS.orderId, value: order.orderId },
    { key: SEARCH_ATTRIBUTE_KEYS.customerId, value: order.customerId },
    { key: SEARCH_ATTRIBUTE_KEYS.sagaStatus, value: 'STARTED' satisfies SagaStatus },
  ];
}
