import { Context } from '@temporalio/activity';
import { DEFAULT_SAGA_TUNING } from '../../../workflows/tuning';

/** How long one activity transaction may take, in milliseconds. */
export interface TransactionLimits {
  /** Waiting for a pooled connection. */
  maxWait: number;
  /** From BEGIN: past it the client refuses to commit and rolls back. */
  timeout: number;
  /** Server side: any one statement, and any idle gap between statements. */
  statementTimeout: number;
}

/**
 * The limits of a transaction run by an activity attempt with this start-to-close timeout.
 * Once the attempt has timed out the saga may compensate, so its transaction must be over
 * by then: it can wait for a connection (maxWait), run (timeout), and at worst finish the
 * one statement in flight when the timeout passed (statementTimeout), together a fifth
 * less than the attempt's timeout, which leaves the attempt time to report.
 */
export function transactionLimits(activityTimeoutMs: number): TransactionLimits {
  const budget = Math.floor(activityTimeoutMs * 0.8);
  const quarter = Math.floor(budget / 4);
  return { maxWait: quarter, timeout: budget - 2 * quarter, statementTimeout: quarter };
}

/** The running activity attempt's start-to-close timeout; the saga's default outside an activity. */
export function currentActivityTimeoutMs(): number {
  try {
    return Context.current().info.startToCloseTimeoutMs;
  } catch {
    return DEFAULT_SAGA_TUNING.activityTimeoutMs;
  }
}
