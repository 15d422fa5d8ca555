import type { Tx } from '../outbox/write/transaction';
import type { TransactionLimits } from '../outbox/write/deadline';

/**
 * First statement of every transaction that writes for one order (its forward steps, its
 * compensations, a door recording an early cancel): sets the transaction's server-side
 * limits, then takes the order's lock, which serialises all of them for the rest of the
 * transaction.
 *
 * The limits let the server end what the client cannot: a statement blocked on a lock, or
 * a transaction whose client stopped talking (a stalled or partitioned process) and would
 * otherwise hold its locks, and so the compensation waiting for them, indefinitely. A
 * statement's own timeout is armed when it starts, so the lock taken in this same
 * statement is bounded by `lock_timeout` instead; the subquery (kept apart by OFFSET 0)
 * sets both before the lock is requested.
 *
 * An advisory lock because the order row may not exist yet, in a key space of its own
 * (the relay's per-order locks hash the bare order id).
 */
export async function limitAndLockOrder(tx: Tx, orderId: string, limits: TransactionLimits): Promise<void> {
  const ms = String(limits.statementTimeout);
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtextextended('saga-order:' || ${orderId}, 0))
    FROM (
      SELECT set_config('statement_timeout', ${ms}, true),
             set_config('lock_timeout', ${ms}, true),
             set_config('idle_in_transaction_session_timeout', ${ms}, true)
      OFFSET 0
    ) AS limits`;
}
