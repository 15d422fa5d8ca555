import type { SagaRef } from '../contract/activities';
import type { CompensationActivities, ForwardSteps } from './activity-proxies';
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
export function compensableSteps(steps: ForwardSteps, ref: SagaRef, order: OrderInput): PlannedStep[] {
  return COMPENSABLE_STEPS.map(({ name, status, compensation }) => ({
    name,
    status,
    compensation,
    run: () => steps[name]({ ...ref, order }),
  }));
}

/** Every compensation, in the order they run once all compensable steps have run. */
export function everyCompensation(): SagaCompensation[] {
  return [...COMPENSABLE_STEPS.map((step) => step.compensation).reverse(), LAST_COMPENSATION];
}

export function compensate(
  undo: CompensationActivities,
  name: SagaCompensation,
  ref: SagaRef,
  order: OrderInput,
  reason: string,
): Promise<unknown> {
  if (name === LAST_COMPENSATION) return undo.cancelOrder({ ...ref, reason, order });
  return undo[name]({ ...ref, reason });
}
