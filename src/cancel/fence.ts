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
 * reason; a recorded order shows CANCELLING until its cancellation completes.
 */
export async function fenceOrder(tx: Tx, orderId: string, fence: Fence): Promise<void> {
  await tx.orderFence.createMany({
    data: [{ orderId, reason: fence.reason, source: fence.source, causationId: fence.causationId ?? null }],
    skipDuplicates: true,
  });
  await tx.order.updateMany({ where: { id: orderId, status: 'PENDING' }, data: { status: 'CANCELLING' } });
}
