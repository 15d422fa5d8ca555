import type { FenceSource } from '../../generated/prisma/client';
import type { Tx } from '../outbox/write/transaction';

export interface Fence {
  reason: string;
  source: FenceSource;
  causationId?: string | undefined;
}

/**
 * Fences the order, in a transaction that holds the order's lock (limitAndLockOrder):
 * from the commit on, no forward step writes for it again. The first fence keeps its
 * reason; a recorded order shows CANCELLING until its cancellation completes. One
 * statement: the fence and the order's status change together.
 */
export async function fenceOrder(tx: Tx, orderId: string, fence: Fence): Promise<void> {
  await tx.$executeRaw`
    WITH fenced AS (
      INSERT INTO order_fence (order_id, reason, source, causation_id)
      VALUES (${orderId}, ${fence.reason}, ${fence.source}::fence_source, ${fence.causationId ?? null})
      ON CONFLICT DO NOTHING
    )
    UPDATE "order" SET status = 'CANCELLING', updated_at = statement_timestamp()
    WHERE id = ${orderId} AND status = 'PENDING'`;
}
