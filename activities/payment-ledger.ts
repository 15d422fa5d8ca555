import { SAGA_STATE_ERRORS } from '../contract/errors';
import { EVENT_TYPES, type EventType } from '../contract/events';
import { Prisma, type PaymentStatus, type LedgerEntryKind } from '../generated/prisma/client';
import { deterministicUuid } from '../src/deterministic-id';
import type { Emit, Tx } from '../src/outbox/write/transaction';
import { businessRejection } from './rejection';

export interface Authorization {
  id: string;
  customerId: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

interface Movement {
  orderId: string;
  kind: LedgerEntryKind;
  type: EventType;
  reason?: string;
}

/** The columns of an Authorization, as a statement on payment_authorization returns them. */
const AUTHORIZATION = Prisma.sql`id::text, customer_id AS "customerId", amount, currency, status::text`;

/** The order's authorization, if it has one. */
export async function findAuthorization(tx: Tx, orderId: string): Promise<Authorization | undefined> {
  const [authorization] = await tx.$queryRaw<Authorization[]>`
    SELECT ${AUTHORIZATION} FROM payment_authorization WHERE order_id = ${orderId}`;
  return authorization;
}

/**
 * Applies `change` (an insert or update of the order's authorization, without its
 * RETURNING) and appends the movement's ledger entry in the same statement, then
 * announces it; the (order, kind) unique key keeps the entry single. Returns the changed
 * authorization, or undefined when `change` matched none (and nothing was written).
 */
async function recordMovement(
  tx: Tx,
  emit: Emit,
  movement: Movement,
  change: Prisma.Sql,
): Promise<Authorization | undefined> {
  const { orderId, kind } = movement;
  const [authorization] = await tx.$queryRaw<Authorization[]>`
    WITH changed AS (
      ${change}
      RETURNING id, order_id, customer_id, amount, currency, status
    ), entry AS (
      INSERT INTO payment_ledger_entry (id, order_id, authorization_id, kind, amount, currency)
      SELECT ${deterministicUuid('ledger-entry', orderId, kind)}::uuid, order_id, id,
             ${kind}::ledger_entry_kind, amount, currency
      FROM changed
      ON CONFLICT DO NOTHING
    )
    SELECT ${AUTHORIZATION} FROM changed`;
  if (!authorization) return undefined;
  emit(movement.type, {
    orderId,
    authorizationId: authorization.id,
    customerId: authorization.customerId,
    amount: authorization.amount,
    currency: authorization.currency,
    ...(movement.reason === undefined ? {} : { reason: movement.reason }),
  });
  return authorization;
}

/** Records the order's authorization with its ledger entry and event. */
export async function authorize(
  tx: Tx,
  emit: Emit,
  payment: { orderId: string; customerId: string; amount: number; currency: string },
): Promise<Authorization> {
  const { orderId, customerId, amount, currency } = payment;
  const movement = { orderId, kind: 'AUTHORIZATION', type: EVENT_TYPES.paymentAuthorized } as const;
  const authorization = await recordMovement(
    tx,
    emit,
    movement,
    Prisma.sql`
      INSERT INTO payment_authorization (id, order_id, customer_id, amount, currency, updated_at)
      VALUES (${deterministicUuid('payment-authorization', orderId)}::uuid, ${orderId}, ${customerId},
              ${amount}::int, ${currency}, now())`,
  );
  return authorization!;
}

/** Moves the order's authorization from one status to another; undefined when it is not in `from`. */
function movePayment(
  tx: Tx,
  emit: Emit,
  movement: Movement,
  from: PaymentStatus,
  to: PaymentStatus,
): Promise<Authorization | undefined> {
  return recordMovement(
    tx,
    emit,
    movement,
    Prisma.sql`
      UPDATE payment_authorization SET status = ${to}::payment_status, updated_at = statement_timestamp()
      WHERE order_id = ${movement.orderId} AND status = ${from}::payment_status`,
  );
}

/** Captures the order's authorization; a capture that already happened is returned as is. */
export async function capturePayment(tx: Tx, emit: Emit, orderId: string): Promise<number> {
  const movement = { orderId, kind: 'CAPTURE', type: EVENT_TYPES.paymentCaptured } as const;
  const captured = await movePayment(tx, emit, movement, 'AUTHORIZED', 'CAPTURED');
  if (captured) return captured.amount;
  const existing = await findAuthorization(tx, orderId);
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
    if (await movePayment(tx, emit, { orderId, kind, type, reason }, from, to)) return true;
  }
  return false;
}
