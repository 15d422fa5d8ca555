import { ApplicationFailure } from '@temporalio/common';
import { SAGA_STATE_ERRORS } from '../../../contract/errors';

/**
 * SQLSTATEs that mean the data itself cannot be stored: the same write fails the same
 * way however often it is retried.
 */
const INVALID_DATA_STATES: Readonly<Record<string, string>> = {
  '22001': 'string too long',
  '22003': 'numeric value out of range',
  '22021': 'character not in the database encoding',
  '22P02': 'invalid text representation',
  '22P05': 'untranslatable character',
  '23502': 'not-null violation',
  '23503': 'foreign key violation',
  '23514': 'check violation',
};

interface AdapterCause {
  originalCode?: unknown;
  originalMessage?: unknown;
}

/**
 * The PostgreSQL error behind a failed query. Prisma with a driver adapter reports it in
 * `meta.driverAdapterError.cause`; node-postgres errors carry it as `code`.
 */
function postgresError(error: unknown): { state: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { meta, code, message } = error as {
    meta?: { driverAdapterError?: { cause?: AdapterCause } };
    code?: unknown;
    message?: unknown;
  };
  const cause = meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode === 'string') {
    const detail = typeof cause.originalMessage === 'string' ? cause.originalMessage : '';
    return { state: cause.originalCode, message: detail };
  }
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return { state: code, message: String(message) };
  return undefined;
}

/**
 * A non-retryable `InvalidOrderData` failure when the database refused the order's data,
 * so the saga compensates at once instead of retrying for its whole retry budget;
 * undefined for anything else (infrastructure errors stay retryable).
 */
export function invalidDataFailure(error: unknown, orderId: string): ApplicationFailure | undefined {
  const refused = postgresError(error);
  const kind = refused && INVALID_DATA_STATES[refused.state];
  if (!refused || !kind) return undefined;
  return ApplicationFailure.create({
    message: `Order ${orderId} cannot be stored: ${refused.message} (${kind}, SQLSTATE ${refused.state})`,
    type: SAGA_STATE_ERRORS.INVALID_ORDER_DATA,
    nonRetryable: true,
    cause: error instanceof Error ? error : undefined,
  });
}
