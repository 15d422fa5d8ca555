import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
// A module of plain constants without imports, so it is safe inside the workflow bundle.
import { SAGA_STATE_ERRORS } from '../contract/errors';
import { DEFAULT_CANCEL_REASON } from '../contract/saga';

/**
 * A door records every cancel as the order's fence before it signals the saga, and a step
 * that finds the fence under the order's lock refuses with OrderCancelled, writing nothing.
 * Returns the cancel's reason when that is why `err` happened, undefined otherwise.
 */
export function fencedCancelReason(err: ActivityFailure): string | undefined {
  const { cause } = err;
  if (!(cause instanceof ApplicationFailure) || cause.type !== SAGA_STATE_ERRORS.ORDER_CANCELLED)
    return undefined;
  const reason = (cause.details?.[0] as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : DEFAULT_CANCEL_REASON;
}
