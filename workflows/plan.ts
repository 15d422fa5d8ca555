import type { OrderSagaActivities, SagaRef } from '../contract/activities';
import type { OrderInput } from '../contract/order';
import { COMPENSABLE_STEPS, LAST_COMPENSATION } from '../contract/saga';
import type { SagaCompensation, SagaStatus, SagaStep } from '../contract/saga';

export interface PlannedStep {
  name: SagaStep;
  status: SagaStatus;
  /** Registered before the step runs: the step may commit and still fail (timeout). */
  compensation: SagaCompensation;
  run: () => Promise<unknown>;
}

/** The compensable steps, in order. completeOrder, the point of no return, is not one of them. */
export function compensableSteps(steps: OrderSagaActivities, ref: SagaRef, order: OrderInput): PlannedStep[] {
  return COMPENSABLE_STEPS.map(({ name, status, compensation }) => ({
    name,
    status,
    compensation,
    run: () => steps[name]({ ...ref, order }),
  }));
}

export function compensate(
  undo: OrderSagaActivities,
  name: SagaCompensation,
  ref: SagaRef,
  order: OrderInput,
  reason: string,
): Promise<unknown> {
  if (name === LAST_COMPENSATION) return undo.cancelOrder({ ...ref, reason, order });
  return undo[name]({ ...ref, reason });
}
