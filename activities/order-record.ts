import type { OrderStatus } from '../generated/prisma/client';
import { orderTotal, type OrderInput } from '../src/order';
import type { Tx } from './deps';

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

/** Items in a fixed order, so transactions touching several stock rows lock them alike and cannot deadlock. */
export function bySku<T extends { sku: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
