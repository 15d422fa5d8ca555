import type { OrderFence } from '../../generated/prisma/client';
import type { Database } from '../db/prisma';
import { fenceOrder, type Fence } from './fence';

export interface EarlyCancel<T> {
  /** The fence as stored: the first cancel's reason, where it came from and when. */
  recorded: OrderFence;
  /** The second delivery attempt's outcome. */
  delivered: T;
}

/**
 * A cancel that found no saga for its order: it is recorded as the order's fence, so when
 * the order arrives its first step refuses it and the saga compensates without charging
 * anything. The cancel is then delivered once more, because the saga may have started
 * between the lookup and the record; either way it is honoured.
 */
export async function cancelBeforeOrder<T>(
  db: Database,
  orderId: string,
  fence: Fence,
  deliverAgain: () => Promise<T>,
): Promise<EarlyCancel<T>> {
  const recorded = await db.$transaction(
    async (tx) => {
      await fenceOrder(tx, orderId, fence);
      return tx.orderFence.findUniqueOrThrow({ where: { orderId } });
    },
    // The order's lock may be held by a step of a saga that has just started, at most
    // for that step's transaction limits.
    { timeout: 30_000 },
  );
  return { recorded, delivered: await deliverAgain() };
}
