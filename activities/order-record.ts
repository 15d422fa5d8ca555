import type { SagaRef } from '../contract/activities';
import { SAGA_STATE_ERRORS } from '../contract/errors';
import { orderTotal, type OrderInput } from '../contract/order';
import type { OrderStatus } from '../generated/prisma/client';
import { fenceOrder, findFence, lockOrder } from '../src/cancel/fence';
import type { Tx } from '../src/outbox/write/transaction';
import { businessRejection } from './rejection';

/**
 * First statement of every forward step: takes the order's lock and refuses to go on once
 * the order is fenced. A compensation fences first under the same lock, so an attempt that
 * outlived its timeout either committed before the compensation looked, and is undone,
 * or writes nothing at all.
 */
export async function lockOrderForStep(tx: Tx, orderId: string): Promise<void> {
  await lockOrder(tx, orderId);
  const fence = await findFence(tx, orderId);
  if (fence) {
    throw businessRejection(
      `Order ${orderId} is cancelled: ${fence.reason}`,
      SAGA_STATE_ERRORS.ORDER_CANCELLED,
      { orderId, reason: fence.reason, source: fence.source },
    );
  }
}

/**
 * First statements of every forward step after the first: the order's lock and fence, then
 * the order row itself, which must be recorded and open.
 */
export async function lockRecordedOrderForStep(tx: Tx, orderId: string): Promise<RecordedOrder> {
  await lockOrderForStep(tx, orderId);
  return lockOpenOrder(tx, orderId);
}

/** First statement of every compensation: the order is fenced before anything is undone. */
export function fenceForCompensation(tx: Tx, ref: SagaRef, reason: string): Promise<void> {
  return fenceOrder(tx, ref.orderId, { reason, source: 'SAGA', causationId: ref.causationId });
}

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

/** What later steps take from the recorded order rather than from their input. */
export interface RecordedOrder {
  totalAmount: number;
  currency: string;
}

/**
 * Locks the order row for the rest of the transaction and refuses to act on an order
 * that is missing, or cancelled (also one cancelled before orders were fenced).
 */
export async function lockOpenOrder(tx: Tx, orderId: string): Promise<RecordedOrder> {
  const rows = await tx.$queryRaw<{ status: string; total_amount: number; currency: string }[]>`
    SELECT status::text AS status, total_amount, currency FROM "order" WHERE id = ${orderId} FOR UPDATE`;
  const status = rows[0]?.status;
  if (status === undefined) {
    throw businessRejection(`Order ${orderId} does not exist`, SAGA_STATE_ERRORS.ORDER_NOT_FOUND);
  }
  if (status === 'CANCELLING' || status === 'CANCELLED') {
    throw businessRejection(`Order ${orderId} is cancelled`, SAGA_STATE_ERRORS.ORDER_CANCELLED);
  }
  return { totalAmount: rows[0]!.total_amount, currency: rows[0]!.currency };
}
