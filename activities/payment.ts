import type { OrderSagaActivities } from '../contract/activities';
import { BUSINESS_REJECTIONS } from '../contract/errors';
import { EVENT_TYPES } from '../contract/events';
import { orderTotal } from '../contract/order';
import { deterministicUuid } from '../src/deterministic-id';
import { inOutboxTransaction } from '../src/outbox/write/transaction';
import type { ActivityDeps } from './deps';
import { fenceForCompensation, lockRecordedOrderForStep } from './order-record';
import { recordMovement, undoPayment } from './payment-ledger';
import { businessRejection } from './rejection';

type PaymentActivities = Pick<OrderSagaActivities, 'authorizePayment' | 'voidOrRefundPayment'>;

export function createPaymentActivities(deps: ActivityDeps): PaymentActivities {
  return {
    async authorizePayment({ order, ...ref }) {
      const { orderId } = ref;
      const amount = orderTotal(order);
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        // The order lock serialises every attempt for this order, so reading the earlier
        // decision and then writing cannot race with a twin attempt.
        await lockRecordedOrderForStep(tx, orderId);
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
        await recordMovement(tx, emit, {
          orderId,
          authorization,
          kind: 'AUTHORIZATION',
          type: EVENT_TYPES.paymentAuthorized,
        });
        return { authorizationId: authorization.id, amount };
      });
    },

    async voidOrRefundPayment({ reason, ...ref }) {
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        await fenceForCompensation(tx, ref, reason);
        return (await undoPayment(tx, emit, ref.orderId, reason)) ? 'undone' : 'nothing-to-undo';
      });
    },
  };
}
