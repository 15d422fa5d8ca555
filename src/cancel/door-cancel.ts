import type { Client } from '@temporalio/client';
import type { OrderFence } from '../../generated/prisma/client';
import { limitAndLockOrder } from '../db/order-lock';
import type { Database } from '../db/prisma';
import { currentActivityTimeoutMs, transactionLimits } from '../outbox/write/deadline';
import { sagaForCancel, signalCancel, type SagaForCancel } from '../temporal/saga-client';
import { fenceOrder, type Fence } from './fence';

export type DoorCancel =
  /** Fenced, and the running saga told: it compensates at its next step at the latest. */
  | { outcome: 'requested' }
  /** Fenced before the order's saga exists: its first step will refuse the order. */
  | { outcome: 'recorded'; fence: OrderFence }
  /** Past the point of no return, or the saga has ended: nothing was recorded. */
  | { outcome: 'too-late' };

export interface DoorCancelDeps {
  client: Client;
  db: Database;
  /** Wraps each Temporal call, e.g. to bound it; calls it as is by default. */
  call?: <T>(temporalCall: () => Promise<T>) => Promise<T>;
}

type FenceResult = { fence: OrderFence } | { refused: 'confirmed' | 'recorded-without-saga' };

/**
 * A cancel from a door (HTTP or Kafka). It is recorded as the order's fence first, under
 * the order's lock, unless the order is already confirmed: every later step of the saga,
 * completeOrder included, takes that lock, finds the fence and refuses, so the saga
 * compensates even if it is busy with steps that run back to back and sees the signal
 * late. The signal then wakes a saga waiting between attempts. A cancel for an order not
 * placed yet stays recorded until the order arrives.
 */
export async function cancelFromDoor(
  deps: DoorCancelDeps,
  orderId: string,
  fence: Fence,
): Promise<DoorCancel> {
  const call = deps.call ?? (<T>(temporalCall: () => Promise<T>) => temporalCall());
  let saga = await call(() => sagaForCancel(deps.client, orderId));
  if (saga === 'too-late') return { outcome: 'too-late' };
  let recorded = await recordFence(deps.db, orderId, fence, saga);
  if ('refused' in recorded && recorded.refused === 'recorded-without-saga') {
    // Its first step recorded the order after the lookup: the saga started meanwhile.
    saga = await call(() => sagaForCancel(deps.client, orderId));
    if (saga !== 'running') return { outcome: 'too-late' };
    recorded = await recordFence(deps.db, orderId, fence, saga);
  }
  if ('refused' in recorded) return { outcome: 'too-late' };
  // The fence already holds the cancel; the signal only wakes a saga waiting between
  // attempts, so its failure changes nothing. A saga not found may have started since.
  const delivered = await call(() => signalCancel(deps.client, orderId, fence.reason)).catch(() => false);
  if (saga === 'running' || delivered) return { outcome: 'requested' };
  return { outcome: 'recorded', fence: recorded.fence };
}

/** The fence as stored (the first cancel's reason wins), unless the order is past cancelling. */
async function recordFence(
  db: Database,
  orderId: string,
  fence: Fence,
  saga: Exclude<SagaForCancel, 'too-late'>,
): Promise<FenceResult> {
  // The order's lock may be held by a running step: wait for it no longer than that
  // step's transaction may run.
  const limits = transactionLimits(currentActivityTimeoutMs());
  return db.$transaction(
    async (tx): Promise<FenceResult> => {
      await limitAndLockOrder(tx, orderId, limits);
      const order = await tx.order.findUnique({ where: { id: orderId }, select: { status: true } });
      if (order?.status === 'CONFIRMED') return { refused: 'confirmed' };
      if (order && saga === 'not-found') return { refused: 'recorded-without-saga' };
      await fenceOrder(tx, orderId, fence);
      return { fence: await tx.orderFence.findUniqueOrThrow({ where: { orderId } }) };
    },
    { maxWait: limits.maxWait, timeout: limits.timeout },
  );
}
