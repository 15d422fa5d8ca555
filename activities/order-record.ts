import { SAGA_STATE_ERRORS } from '../contract/errors';
import { orderTotal, type OrderInput } from '../contract/order';
import type { OrderStatus } from '../generated/prisma/client';
import type { Tx } from '../src/outbox/write/transaction';
import { businessRejection } from './rejection';

/**
 * Inserts the order and its items unless they already exist (a retry, or another step
 * got there first). Returns whether this call created the order.
 */
export async function recordOrder(
  tx: Tx,
  orderId: string,
  order: OrderInput,
  status: OrderStatus,
  cancelReason?: string,
): Promise<boolean> {
  const { count } = await tx.order.createMany({
    data: [
      {
        id: orderId,
        customerId: order.customerId,
        currency: order.currency,
        totalAmount: orderTotal(order),
        status,
        cancelReason: cancelReason ?? null,
        shippingAddress: order.shippingAddress,
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return false;
  await tx.orderItem.createMany({
    data: order.items.map((item) => ({
      orderId,
      sku: item.sku,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
    })),
    skipDuplicates: true,
  });
  return true;
}

/**
 * Locks the order row for the rest of the transaction and refuses to act on a
 * cancelled order: an attempt that outlived its timeout must not reserve, charge or
 * ship after the saga has already compensated.
 */
export async function lockOpenOrder(tx: Tx, orderId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM "order" WHERE id = ${orderId} FOR UPDATE`;
  const status = rows[0]?.status;
  if (status === undefined) {
    throw businessRejection(`Order ${orderId} does not exist`, SAGA_STATE_ERRORS.ORDER_NOT_FOUND);
  }
  if (status === 'CANCELLED') {
    throw businessRejection(`Order ${orderId} is cancelled`, SAGA_STATE_ERRORS.ORDER_CANCELLED);
  }
}

/** Items in a fixed order, so transactions touching several stock rows lock them alike and cannot deadlock. */
export function bySku<T extends { sku: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
