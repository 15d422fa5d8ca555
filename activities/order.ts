import { ApplicationFailure } from '@temporalio/common';
import type { OrderSagaActivities, UndoOutcome } from '../contract/activities';
import { SAGA_STATE_ERRORS } from '../contract/errors';
import { EVENT_TYPES } from '../contract/events';
import { inOutboxTransaction, type Emit, type Tx } from '../src/outbox/write/transaction';
import type { ActivityDeps } from './deps';
import { fenceForCompensation, lockRecordedOrderForStep, recordOrder } from './order-record';
import { capturePayment } from './payment-ledger';

/**
 * A confirmed order takes its reserved stock out of stock for good. Runs only in the
 * transaction that confirms the order, and only on RESERVED rows, so never twice. One
 * statement, however many lines the order has.
 */
async function consumeReservations(tx: Tx, orderId: string): Promise<void> {
  await tx.$executeRaw`
    WITH consumed AS (
      UPDATE inventory_reservation SET status = 'CONSUMED', updated_at = now()
      WHERE order_id = ${orderId} AND status = 'RESERVED'
      RETURNING sku, quantity
    )
    UPDATE product SET on_hand = product.on_hand - consumed.quantity,
                       reserved = product.reserved - consumed.quantity
    FROM consumed WHERE product.sku = consumed.sku`;
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
        const [confirmed] = await tx.order.updateManyAndReturn({
          where: { id: orderId, status: 'PENDING' },
          data: { status: 'CONFIRMED' },
        });
        if (confirmed) {
          await consumeReservations(tx, orderId);
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
            const { count } = await tx.order.updateMany({
              where: { id: orderId, status: { in: ['PENDING', 'CANCELLING'] } },
              data: { status: 'CANCELLED', cancelReason: reason },
            });
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
