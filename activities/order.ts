import { appendOutboxEvents, EVENT_TYPES } from '../src/outbox/append';
import { lockOpenOrder, TX_OPTIONS, type ActivityDeps, type Tx } from './deps';
import { recordOrder } from './order-record';
import { capturePayment } from './payment-ledger';
import type { OrderSagaActivities } from './types';

/**
 * A confirmed order takes its reserved stock out of stock for good. Runs only in the
 * transaction that confirms the order, and only on RESERVED rows, so never twice.
 */
async function consumeReservations(tx: Tx, orderId: string): Promise<void> {
  const consumed = await tx.inventoryReservation.updateManyAndReturn({
    where: { orderId, status: 'RESERVED' },
    data: { status: 'CONSUMED' },
    select: { sku: true, quantity: true },
  });
  for (const { sku, quantity } of consumed) {
    await tx.product.update({
      where: { sku },
      data: { onHand: { decrement: quantity }, reserved: { decrement: quantity } },
    });
  }
}

type OrderActivities = Pick<OrderSagaActivities, 'completeOrder' | 'cancelOrder'>;

export function createOrderActivities({ db, topics }: ActivityDeps): OrderActivities {
  return {
    async completeOrder({ orderId, causationId }) {
      return db.$transaction(async (tx) => {
        await lockOpenOrder(tx, orderId);
        const capturedAmount = await capturePayment(tx, topics, orderId, causationId);
        const [confirmed] = await tx.order.updateManyAndReturn({
          where: { id: orderId, status: 'PENDING' },
          data: { status: 'CONFIRMED' },
        });
        if (confirmed) {
          await consumeReservations(tx, orderId);
          await appendOutboxEvents(tx, [
            {
              type: EVENT_TYPES.orderConfirmed,
              topic: topics.orders,
              orderId,
              causationId,
              data: {
                orderId,
                customerId: confirmed.customerId,
                totalAmount: confirmed.totalAmount,
                currency: confirmed.currency,
                capturedAmount,
              },
            },
          ]);
        }
        return { capturedAmount };
      }, TX_OPTIONS);
    },

    /**
     * 'undone' when this call cancelled the order (a PENDING order, or one step 1 never
     * recorded, which is recorded now as CANCELLED so the outcome is queryable);
     * 'nothing-to-undo' when it was already cancelled, or confirmed, which is final.
     */
    async cancelOrder({ orderId, causationId, reason, order }) {
      return db.$transaction(async (tx) => {
        let cancelled = await recordOrder(tx, orderId, order, 'CANCELLED', reason);
        if (!cancelled) {
          const { count } = await tx.order.updateMany({
            where: { id: orderId, status: 'PENDING' },
            data: { status: 'CANCELLED', cancelReason: reason },
          });
          cancelled = count === 1;
        }
        if (!cancelled) return 'nothing-to-undo';
        await appendOutboxEvents(tx, [
          {
            type: EVENT_TYPES.orderCancelled,
            topic: topics.orders,
            orderId,
            causationId,
            data: { orderId, customerId: order.customerId, reason },
          },
        ]);
        return 'undone';
      }, TX_OPTIONS);
    },
  };
}
