import { ApplicationFailure } from '@temporalio/common';
import type { LedgerEntryKind } from '../generated/prisma/client';
import { BUSINESS_REJECTIONS } from '../src/errors';
import { orderTotal } from '../src/order';
import { appendOutboxEvents, EVENT_TYPES, type EventType } from '../src/outbox/append';
import { deterministicUuid } from '../src/outbox/deterministic-id';
import { lockOpenOrder, SAGA_STATE_ERRORS, TX_OPTIONS, type ActivityDeps, type Tx } from './deps';
import type { OrderSagaActivities } from './types';

type PaymentActivities = Pick<OrderSagaActivities, 'authorizePayment' | 'voidOrRefundPayment'>;
type Topics = ActivityDeps['topics'];

interface Movement {
  orderId: string;
  causationId?: string | undefined;
  authorization: { id: string; customerId: string; amount: number; currency: string };
  kind: LedgerEntryKind;
  type: EventType;
  reason?: string;
}

/** One ledger entry and its event; the (order, kind) unique key keeps both single. */
async function recordMovement(tx: Tx, topics: Topics, movement: Movement): Promise<void> {
  const { orderId, authorization, kind } = movement;
  await tx.paymentLedgerEntry.createMany({
    data: [
      {
        id: deterministicUuid('ledger-entry', orderId, kind),
        orderId,
        authorizationId: authorization.id,
        kind,
        amount: authorization.amount,
        currency: authorization.currency,
      },
    ],
    skipDuplicates: true,
  });
  await appendOutboxEvents(tx, [
    {
      type: movement.type,
      topic: topics.payments,
      orderId,
      causationId: movement.causationId,
      data: {
        orderId,
        authorizationId: authorization.id,
        customerId: authorization.customerId,
        amount: authorization.amount,
        currency: authorization.currency,
        ...(movement.reason === undefined ? {} : { reason: movement.reason }),
      },
    },
  ]);
}

/** Captures the order's authorization; a capture that already happened is returned as is. */
export async function capturePayment(
  tx: Tx,
  topics: Topics,
  orderId: string,
  causationId?: string,
): Promise<number> {
  const [captured] = await tx.paymentAuthorization.updateManyAndReturn({
    where: { orderId, status: 'AUTHORIZED' },
    data: { status: 'CAPTURED' },
  });
  if (captured) {
    await recordMovement(tx, topics, {
      orderId,
      causationId,
      authorization: captured,
      kind: 'CAPTURE',
      type: EVENT_TYPES.paymentCaptured,
    });
    return captured.amount;
  }
  const existing = await tx.paymentAuthorization.findUnique({ where: { orderId } });
  if (existing?.status === 'CAPTURED') return existing.amount;
  throw ApplicationFailure.nonRetryable(
    `Order ${orderId} has no authorization to capture (${existing?.status ?? 'none'})`,
    SAGA_STATE_ERRORS.PAYMENT_NOT_AUTHORIZED,
    { orderId },
  );
}

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
          throw ApplicationFailure.nonRetryable(
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
          throw ApplicationFailure.nonRetryable(
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
