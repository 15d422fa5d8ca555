import type { OrderInput } from './order';

/** Identifies the saga an activity acts for; the workflow passes it to every step. */
export interface SagaRef {
  orderId: string;
  /** Id of the inbound event or request that started the saga (CloudEvent `causationid`). */
  causationId?: string;
}

export interface CompensationRef extends SagaRef {
  reason: string;
}

export type UndoOutcome = 'undone' | 'nothing-to-undo';

/**
 * The saga's activities, as the workflow sees them. Every state-changing activity is
 * one database transaction that also appends its outbox event(s); running one twice
 * for the same order changes nothing the second time and emits no second event.
 */
export interface OrderSagaActivities {
  /** Step 1: records the order (status PENDING) and reserves stock for every item. */
  reserveInventory(input: SagaRef & { order: OrderInput }): Promise<{ reservedItems: number }>;
  releaseInventory(input: CompensationRef): Promise<UndoOutcome>;

  /** Step 2: authorizes the order total against the customer's available credit. */
  authorizePayment(
    input: SagaRef & { order: OrderInput },
  ): Promise<{ authorizationId: string; amount: number }>;
  /** Voids an authorization, or refunds a capture; succeeds when there is nothing to undo. */
  voidOrRefundPayment(input: CompensationRef): Promise<UndoOutcome>;

  /** Step 3: checks the address and creates the shipment. */
  createShipment(input: SagaRef & { order: OrderInput }): Promise<{ shipmentId: string }>;
  cancelShipment(input: CompensationRef): Promise<UndoOutcome>;

  /** Step 4, the point of no return: captures the payment and confirms the order, in one transaction. */
  completeOrder(input: SagaRef): Promise<{ capturedAmount: number }>;

  /** Last compensation: marks the order CANCELLED (creating its row if step 1 never ran). */
  cancelOrder(input: CompensationRef & { order: OrderInput }): Promise<UndoOutcome>;
}
