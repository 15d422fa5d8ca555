import type { OrderSagaActivities } from '../contract/activities';
import { BUSINESS_REJECTIONS } from '../contract/errors';
import { inOutboxTransaction } from '../src/outbox/write/transaction';
import type { ActivityDeps } from './deps';
import { fenceForCompensation, lockRecordedOrderForStep } from './order-record';
import { availableCredit } from './credit';
import { authorize, findAuthorization, undoPayment } from './payment-ledger';
import { businessRejection } from './rejection';

type PaymentActivities = Pick<OrderSagaActivities, 'authorizePayment' | 'voidOrRefundPayment'>;

export function createPaymentActivities(deps: ActivityDeps): PaymentActivities {
  return {
    async authorizePayment({ order, ...ref }) {
      const { orderId } = ref;
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        // The order lock serialises every attempt for this order, so reading the earlier
        // decision and then writing cannot race with a twin attempt. The recorded order
        // exists only if step 1 found every unit price equal to the catalog's, so its
        // total is the catalog total, whatever the input says.
        const recorded = await lockRecordedOrderForStep(tx, orderId);
        const amount = recorded.totalAmount;
        const existing = await findAuthorization(tx, orderId);
        if (existing) return { authorizationId: existing.id, amount: existing.amount };

        const available = await availableCredit(tx, {
          orderId,
          customerId: order.customerId,
          currency: recorded.currency,
        });
        if (amount > available) {
          throw businessRejection(
            `Payment declined: ${amount} ${recorded.currency} exceeds available credit ${available}`,
            BUSINESS_REJECTIONS.PAYMENT_DECLINED,
            { orderId, customerId: order.customerId, amount, available },
          );
        }

        const authorization = await authorize(tx, emit, {
          orderId,
          customerId: order.customerId,
          amount,
          currency: recorded.currency,
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
