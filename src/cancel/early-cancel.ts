import type { OrderFence } from '../../generated/prisma/client';
import type { Database } from '../db/prisma';
import { applyServerLimits, currentActivityTimeoutMs, transactionLimits } from '../outbox/write/deadline';
import { fenceOrder, lockOrder, type Fence } from './fence';

export interface EarlyCancel<T> {
  /**
   * The fence as stored: the first cancel's reason, where it came from and when; none when
   * the order was already recorded, so its saga ran (and, not found by the door, has ended).
   */
  recorded: OrderFence | undefined;
  /** The second delivery attempt's outcome. */
  delivered: T;
}

/**
 * A cancel that found no saga for its order: unless the order was already recorded (its
 * saga ran and is gone), it is recorded as the order's fence, so when the order arrives its
 * first step refuses it and the saga compensates without charging anything. The cancel is then delivered once more, because the saga may have started
 * between the lookup and the record; either way it is honoured.
 */
export async function cancelBeforeOrder<T>(
  db: Database,
  orderId: string,
  fence: Fence,
  deliverAgain: () => Promise<T>,
): Promise<EarlyCancel<T>> {
  // The order's lock may be held by a step of a saga that has just started: wait for it no
  // longer than that step's transaction may run.
  const limits = transactionLimits(currentActivityTimeoutMs());
  const recorded = await db.$transaction(
    async (tx) => {
      await applyServerLimits(tx, limits);
      await lockOrder(tx, orderId);
      if (await tx.order.findUnique({ where: { id: orderId }, select: { id: true } })) return undefined;
      await fenceOrder(tx, orderId, fence);
      return tx.orderFence.findUniqueOrThrow({ where: { orderId } });
    },
    { maxWait: limits.maxWait, timeout: limits.timeout },
  );
  return { recorded, delivered: await deliverAgain() };
}
