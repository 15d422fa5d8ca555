import { businessRejection } from './rejection';
import { BUSINESS_REJECTIONS } from '../src/errors';
import { orderTotal } from '../src/order';
import { EVENT_TYPES } from '../src/outbox/append';
import { deterministicUuid } from '../src/outbox/deterministic-id';
import { lockOpenOrder, TX_OPTIONS, type ActivityDeps } from './deps';
import { recordMovement } from './payment-ledger';
import type { OrderSagaActivities } from './types';

type PaymentActivities = Pick<OrderSagaActivities, 'authorizePayment' | 'voidOrRefundPayment'>;

export function createPaymentActivities({ db, topics }: ActivityDeps): PaymentActivities {
  return {
    async authorizePayment({ orderId, causationId, order }) {
      const amount = orderTotal(order);
      return db.$transaction(async (tx) => {
        // The order row lock serialises every attempt for this order, so reading the
        // earlier decision and then writing cannot race with a twin attempt.
        await lockOpenOrder(tx, orderId);
        const existing = await tx.paymentAuthorization.findUnique({ where: { orderId } });
        if (existing) return { authorizationId: existing.id, amount: existing.amount };

        // Locking the customer serialises its orders, so two cannot spend the same credit.
        const [customer] = await tx.$queryRaw<{ credit_limit: number }[]>`
          SELECT credit_limit FROM customer WHERE id = ${order.customerId} FOR UPDATE`;
        if (!customer) {
          throw businessRejection(
            `Unknown customer ${order.customerId}`,
            BUSINESS_REJECTIONS.UNKNOWN_CUSTOMER,
            { orderId, customerId: order.customerId },
          );
        }
        const open = await tx.paymentAuthorization.aggregate({
          _sum: { amount: true },
          where: { customerId: order.customerId, status: { in: ['AUTHORIZED', 'CAPTURED'] } },
        });
        const available = customer.credit_limit - (open._sum.amount ?? 0);
        if (amount > available) {
          throw businessRejection(
            `Payment declined: ${amount} ${order.currency} exceeds available credit ${available}`,
            BUSINESS_REJECTIONS.PAYMENT_DECLINED,
            { orderId, customerId: order.customerId, amount, available },
          );
        }

        const authorization = await tx.paymentAuthorization.create({
          data: {
            id: deterministicUuid('payment-authorization', orderId),
            orderId,
            customerId: order.customerId,
            amount,
            currency: order.currency,
          },
        });
        await recordMovement(tx, topics, {
          orderId,
          causationId,
          authorization,
          kind: 'AUTHORIZATION',
          type: EVENT_TYPES.paymentAuthorized,
        });
        return { authorizationId: authorization.id, amount };
      }, TX_OPTIONS);
    },

    async voidOrRefundPayment({ orderId, causationId, reason }) {
      return db.$transaction(async (tx) => {
        const [voided] = await tx.paymentAuthorization.updateManyAndReturn({
          where: { orderId, status: 'AUTHORIZED' },
          data: { status: 'VOIDED' },
        });
        if (voided) {
          const movement = { kind: 'VOID', type: EVENT_TYPES.paymentVoided } as const;
          await recordMovement(tx, topics, {
            orderId,
            causationId,
            authorization: voided,
            reason,
            ...movement,
          });
          return 'undone';
        }
        const [refunded] = await tx.paymentAuthorization.updateManyAndReturn({
          where: { orderId, status: 'CAPTURED' },
          data: { status: 'REFUNDED' },
        });
        if (refunded) {
          const movement = { kind: 'REFUND', type: EVENT_TYPES.paymentRefunded } as const;
          await recordMovement(tx, topics, {
            orderId,
            causationId,
            authorization: refunded,
            reason,
            ...movement,
          });
          return 'undone';
        }
        return 'nothing-to-undo';
      }, TX_OPTIONS);
    },
  };
}
