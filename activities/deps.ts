import { businessRejection } from './rejection';
import type { Prisma } from '../generated/prisma/client';
import type { Config } from '../src/config';
import type { Database } from '../src/db/prisma';

export interface ActivityDeps {
  db: Database;
  topics: Config['kafka']['topics'];
}

export type Tx = Prisma.TransactionClient;

/**
 * Interactive transactions wait for a pooled connection; under a burst of sagas the
 * client's 2 s default would turn a short queue into retried activities.
 */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Not business rejections: they mean a step ran out of order, which retrying cannot fix. */
export const SAGA_STATE_ERRORS = {
  ORDER_CANCELLED: 'OrderCancelled',
  ORDER_NOT_FOUND: 'OrderNotFound',
  PAYMENT_NOT_AUTHORIZED: 'PaymentNotAuthorized',
} as const;

/**
 * Locks the order row for the rest of the transaction and refuses to act on a
 * cancelled order: an attempt that outlived its timeout must not reserve, charge or
 * ship after the saga has already compensated.
 */
export async function lockOpenOrder(tx: Tx, orderId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM "order" WHERE id = ${orderId} FOR UPDATE`;
  const status = rows[0]?.status;
  if (status === undefined) {
    throw businessRejection(`Order ${orderId} does not exist`, SAGA_STATE_ERRORS.ORDER_NOT_FOUND);
  }
  if (status === 'CANCELLED') {
    throw businessRejection(`Order ${orderId} is cancelled`, SAGA_STATE_ERRORS.ORDER_CANCELLED);
  }
}
