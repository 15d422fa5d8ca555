import { ApplicationFailure } from '@temporalio/common';
import type { OrderSagaActivities, UndoOutcome } from '../contract/activities';
import { SAGA_STATE_ERRORS } from '../contract/errors';
import { EVENT_TYPES } from '../contract/events';
import { inOutboxTransaction, type Emit, type Tx } from '../src/outbox/write/transaction';
import type { ActivityDeps } from './deps';
import { fenceForCompensation, lockRecordedOrderForStep, recordOrder } from './order-record';
import { capturePayment } from './payment-ledger';

interface ConfirmedOrder {
  customerId: string;
  totalAmount: number;
  currency: string;
}

/**
 * Confirms a PENDING order and takes its reserved stock out of stock for good, in two
 * statements however many lines the order has (the products' locks, then the rest);
 * undefined when the order was not PENDING (already confirmed by an earlier attempt), in
 * which case nothing is consumed. Only RESERVED rows are consumed, so never twice.
 *
 * Updates stamp `statement_timestamp()`, here and in the other steps: `now()` is when the
 * transaction began, before it waited for the order's lock.
 */
async function confirmOrder(tx: Tx, orderId: string): Promise<ConfirmedOrder | undefined> {
  // The stock update below meets the products in whatever order its plan does. Locked first
  // in sku order, as reservations and releases lock them ("C" orders by code point, as bySku
  // does below U+FFFF), they cannot deadlock against a reservation that holds one sku of
  // this order and waits for the next.
  await tx.$executeRaw`
    SELECT FROM product WHERE sku IN (
      SELECT sku FROM inventory_reservation WHERE order_id = ${orderId} AND status = 'RESERVED')
    ORDER BY sku COLLATE "C" FOR UPDATE`;
  const [confirmed] = await tx.$queryRaw<ConfirmedOrder[]>`
    WITH confirmed AS (
      UPDATE "order" SET status = 'CONFIRMED', updated_at = statement_timestamp()
      WHERE id = ${orderId} AND status = 'PENDING'
      RETURNING customer_id, total_amount, currency
    ), consumed AS (
      UPDATE inventory_reservation SET status = 'CONSUMED', updated_at = statement_timestamp()
      WHERE order_id = ${orderId} AND status = 'RESERVED' AND EXISTS (SELECT FROM confirmed)
      RETURNING sku, quantity
    ), stock AS (
      UPDATE product SET on_hand = product.on_hand - consumed.quantity,
                         reserved = product.reserved - consumed.quantity
      FROM consumed WHERE product.sku = consumed.sku
    )
    SELECT customer_id AS "customerId", total_amount AS "totalAmount", currency FROM confirmed`;
  return confirmed;
}

function isInvalidOrderData(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === SAGA_STATE_ERRORS.INVALID_ORDER_DATA;
}

type OrderActivities = Pick<OrderSagaActivities, 'completeOrder' | 'cancelOrder'>;

export function createOrderActivities(deps: ActivityDeps): OrderActivities {
  return {
    async completeOrder(ref) {
      const { orderId } = ref;
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        await lockRecordedOrderForStep(tx, orderId);
        const capturedAmount = await capturePayment(tx, emit, orderId);
        const confirmed = await confirmOrder(tx, orderId);
        if (confirmed) {
          const { customerId, totalAmount, currency } = confirmed;
          emit(EVENT_TYPES.orderConfirmed, { orderId, customerId, totalAmount, currency, capturedAmount });
        }
        return { capturedAmount };
      });
    },

    /**
     * 'undone' when this call cancelled the order (a PENDING order, or one step 1 never
     * recorded, which is recorded now as CANCELLED so the outcome is queryable);
     * 'nothing-to-undo' when it was already cancelled, or confirmed, which is final.
     * An order the database cannot store (step 1 failed on it with InvalidOrderData) is
     * only fenced and announced as cancelled: failing here would leave the saga stuck
     * for good.
     */
    async cancelOrder({ reason, order, ...ref }) {
      const { orderId } = ref;
      const announce = (emit: Emit) =>
        emit(EVENT_TYPES.orderCancelled, { orderId, customerId: order.customerId, reason });
      try {
        return await inOutboxTransaction(deps, ref, async (tx, emit) => {
          await fenceForCompensation(tx, ref, reason);
          let cancelled = await recordOrder(tx, orderId, order, 'CANCELLED', reason);
          if (!cancelled) {
            const count = await tx.$executeRaw`
              UPDATE "order" SET status = 'CANCELLED', cancel_reason = ${reason}, updated_at = statement_timestamp()
              WHERE id = ${orderId} AND status IN ('PENDING', 'CANCELLING')`;
            cancelled = count === 1;
          }
          if (!cancelled) return 'nothing-to-undo';
          announce(emit);
          return 'undone';
        });
      } catch (error) {
        if (!isInvalidOrderData(error)) throw error;
        return inOutboxTransaction(deps, ref, async (tx, emit): Promise<UndoOutcome> => {
          await fenceForCompensation(tx, ref, reason);
          announce(emit);
          return 'undone';
        });
      }
    },
  };
}
