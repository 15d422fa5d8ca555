import type { SagaRef } from '../contract/activities';
import { SAGA_STATE_ERRORS } from '../contract/errors';
import { orderTotal, type OrderInput } from '../contract/order';
import type { OrderStatus } from '../generated/prisma/client';
import { fenceOrder } from '../src/cancel/fence';
import type { Tx } from '../src/outbox/write/transaction';
import { businessRejection } from './rejection';

/** What later steps take from the recorded order rather than from their input. */
export interface RecordedOrder {
  totalAmount: number;
  currency: string;
}

interface StepGuardRow {
  fence_reason: string | null;
  fence_source: string | null;
  status: string | null;
  total_amount: number | null;
  currency: string | null;
}

/**
 * First statement of every forward step after the order's lock (inOutboxTransaction takes
 * it): reads the order's fence and its row, which stays locked for the rest of the
 * transaction. Refuses a fenced order, and an order that is cancelled (also one cancelled
 * before orders were fenced). A compensation fences first under the same lock, so an
 * attempt that outlived its timeout either committed before the compensation looked, and
 * is undone, or writes nothing at all. The read is a statement of its own, after the
 * lock, so it sees a fence committed while this transaction waited for the lock.
 *
 * Returns the recorded order, or undefined when step 1 has not recorded it yet.
 */
export async function lockOrderForStep(tx: Tx, orderId: string): Promise<RecordedOrder | undefined> {
  const [row] = await tx.$queryRaw<StepGuardRow[]>`
    SELECT f.reason AS fence_reason, f.source::text AS fence_source,
           o.status::text AS status, o.total_amount, o.currency
    FROM (SELECT 1) AS one
    LEFT JOIN order_fence f ON f.order_id = ${orderId}
    LEFT JOIN LATERAL (
      SELECT status, total_amount, currency FROM "order" WHERE id = ${orderId} FOR UPDATE
    ) o ON true`;
  const { fence_reason: reason, fence_source: source, status } = row!;
  if (reason !== null) {
    throw businessRejection(`Order ${orderId} is cancelled: ${reason}`, SAGA_STATE_ERRORS.ORDER_CANCELLED, {
      orderId,
      reason,
      source,
    });
  }
  if (status === null) return undefined;
  if (status === 'CANCELLING' || status === 'CANCELLED') {
    throw businessRejection(`Order ${orderId} is cancelled`, SAGA_STATE_ERRORS.ORDER_CANCELLED);
  }
  return { totalAmount: row!.total_amount!, currency: row!.currency! };
}

/** lockOrderForStep for every forward step after the first: the order must be recorded. */
export async function lockRecordedOrderForStep(tx: Tx, orderId: string): Promise<RecordedOrder> {
  const recorded = await lockOrderForStep(tx, orderId);
  if (!recorded) {
    throw businessRejection(`Order ${orderId} does not exist`, SAGA_STATE_ERRORS.ORDER_NOT_FOUND);
  }
  return recorded;
}

/** First statements of every compensation: the order is fenced before anything is undone. */
export function fenceForCompensation(tx: Tx, ref: SagaRef, reason: string): Promise<void> {
  return fenceOrder(tx, ref.orderId, { reason, source: 'SAGA', causationId: ref.causationId });
}

/**
 * Inserts the order and its items unless they already exist (a retry, or another step
 * got there first). Returns whether this call created the order. One statement: the
 * items are inserted only with the order they belong to.
 */
export async function recordOrder(
  tx: Tx,
  orderId: string,
  order: OrderInput,
  status: OrderStatus,
  cancelReason?: string,
): Promise<boolean> {
  const items = order.items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice }));
  const [created] = await tx.$queryRaw<{ count: number }[]>`
    WITH recorded AS (
      INSERT INTO "order" (id, customer_id, currency, total_amount, status, cancel_reason,
                           shipping_address, updated_at)
      VALUES (${orderId}, ${order.customerId}, ${order.currency}, ${orderTotal(order)}::int,
              ${status}::order_status, ${cancelReason ?? null}, ${JSON.stringify(order.shippingAddress)}::jsonb,
              now())
      ON CONFLICT DO NOTHING
      RETURNING id
    ), items AS (
      INSERT INTO order_item (order_id, sku, quantity, unit_price)
      SELECT recorded.id, item.sku, item.quantity, item."unitPrice"
      FROM recorded, jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
        AS item(sku text, quantity int, "unitPrice" int)
      ON CONFLICT DO NOTHING
    )
    SELECT count(*)::int AS count FROM recorded`;
  return created!.count === 1;
}
