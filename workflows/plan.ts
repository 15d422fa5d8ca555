import type { OrderSagaActivities, SagaRef } from '../activities/types';
import type { OrderInput } from '../src/order';
import type { SagaCompensation, SagaStatus, SagaStep } from './status';

export interface PlannedStep {
  name: SagaStep;
  status: SagaStatus;
  /** Registered before the step runs: the step may commit and still fail (timeout). */
  compensation: SagaCompensation;
  run: () => Promise<unknown>;
}

/** The compensable steps, in order. completeOrder, the point of no return, is not one of them. */
export function compensableSteps(steps: OrderSagaActivities, ref: SagaRef, order: OrderInput): PlannedStep[] {
  return [
    {
      name: 'reserveInventory',
      status: 'RESERVING_INVENTORY',
      compensation: 'releaseInventory',
      run: () => steps.reserveInventory({ ...ref, order }),
    },
    {
      name: 'authorizePayment',
      status: 'AUTHORIZING_PAYMENT',
      compensation: 'voidOrRefundPayment',
      run: () => steps.authorizePayment({ ...ref, order }),
    },
    {
      name: 'createShipment',
      status: 'CREATING_SHIPMENT',
      compensation: 'cancelShipment',
      run: () => steps.createShipment({ ...ref, order }),
    },
  ];
}

export function compensate(
  undo: OrderSagaActivities,
  name: SagaCompensation,
  ref: SagaRef,
  order: OrderInput,
  reason: string,
): Promise<unknown> {
  if (name === 'cancelOrder') return undo.cancelOrder({ ...ref, reason, order });
  return undo[name]({ ...ref, reason });
}
