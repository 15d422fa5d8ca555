import type { FenceSource } from '../../generated/prisma/client';
import type { Tx } from '../outbox/write/transaction';

export interface Fence {
  reason: string;
  source: FenceSource;
  causationId?: string | undefined;
}

/**
 * Serialises, for the rest of the transaction, everything that writes for one order: its
 * forward steps, its compensations and a door recording an early cancel. An advisory lock
 * because the order row may not exist yet, in a key space of its own (the relay's
 * per-order locks hash the bare order id).
 */
export async function lockOrder(tx: Tx, orderId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('saga-order:' || ${orderId}, 0))`;
}

/**
 * Fences the order under its lock: from the commit on, no forward step writes for it
 * again. The first fence keeps its reason; a recorded order shows CANCELLING until its
 * cancellation completes.
 */
export async function fenceOrder(tx: Tx, orderId: string, fence: Fence): Promise<void> {
  await lockOrder(tx, orderId);
  await tx.orderFence.createMany({
    data: [{ orderId, reason: fence.reason, source: fence.source, causationId: fence.causationId ?? null }],
    skipDuplicates: true,
  });
  await tx.order.updateMany({ where: { id: orderId, status: 'PENDING' }, data: { status: 'CANCELLING' } });
}
