import { SAGA_STATE_ERRORS } from '../contract/errors';
import { EVENT_TYPES, type EventType } from '../contract/events';
import type { PaymentStatus, LedgerEntryKind } from '../generated/prisma/client';
import { deterministicUuid } from '../src/deterministic-id';
import type { Emit, Tx } from '../src/outbox/write/transaction';
import { businessRejection } from './rejection';

interface Movement {
  orderId: string;
  authorization: { id: string; customerId: string; amount: number; currency: string };
  kind: LedgerEntryKind;
  type: EventType;
  reason?: string;
}

/** One ledger entry and its event; the (order, kind) unique key keeps both single. */
export async function recordMovement(tx: Tx, emit: Emit, movement: Movement): Promise<void> {
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
  emit(movement.type, {
    orderId,
    authorizationId: authorization.id,
    customerId: authorization.customerId,
    amount: authorization.amount,
    currency: authorization.currency,
    ...(movement.reason === undefined ? {} : { reason: movement.reason }),
  });
}

/** Captures the order's authorization; a capture that already happened is returned as is. */
export async function capturePayment(tx: Tx, emit: Emit, orderId: string): Promise<number> {
  const [captured] = await tx.paymentAuthorization.updateManyAndReturn({
    where: { orderId, status: 'AUTHORIZED' },
    data: { status: 'CAPTURED' },
  });
  if (captured) {
    await recordMovement(tx, emit, {
      orderId,
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

/** How each state of an authorization is undone: an authorization is voided, a capture refunded. */
const UNDO_PAYMENT: { from: PaymentStatus; to: PaymentStatus; kind: LedgerEntryKind; type: EventType }[] = [
  { from: 'AUTHORIZED', to: 'VOIDED', kind: 'VOID', type: EVENT_TYPES.paymentVoided },
  { from: 'CAPTURED', to: 'REFUNDED', kind: 'REFUND', type: EVENT_TYPES.paymentRefunded },
];

/** Voids or refunds the order's payment; false when there is nothing to undo. */
export async function undoPayment(tx: Tx, emit: Emit, orderId: string, reason: string): Promise<boolean> {
  for (const { from, to, kind, type } of UNDO_PAYMENT) {
    const [undone] = await tx.paymentAuthorization.updateManyAndReturn({
      where: { orderId, status: from },
      data: { status: to },
    });
    if (undone) {
      await recordMovement(tx, emit, { orderId, authorization: undone, kind, type, reason });
      return true;
    }
  }
  return false;
}
