import { businessRejection } from './rejection';
import type { LedgerEntryKind } from '../generated/prisma/client';
import { appendOutboxEvents, EVENT_TYPES, type EventType } from '../src/outbox/append';
import { deterministicUuid } from '../src/outbox/deterministic-id';
import { SAGA_STATE_ERRORS, type ActivityDeps, type Tx } from './deps';

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
export async function recordMovement(tx: Tx, topics: Topics, movement: Movement): Promise<void> {
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
  throw businessRejection(
    `Order ${orderId} has no authorization to capture (${existing?.status ?? 'none'})`,
    SAGA_STATE_ERRORS.PAYMENT_NOT_AUTHORIZED,
    { orderId },
  );
}
