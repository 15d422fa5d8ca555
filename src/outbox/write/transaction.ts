import type { EventData } from '../../../contract/event-schemas';
import type { EventType } from '../../../contract/events';
import type { Prisma } from '../../../generated/prisma/client';
import type { Config } from '../../config';
import { limitAndLockOrder } from '../../db/order-lock';
import type { Database } from '../../db/prisma';
import { activeTraceCarrier, inSpan } from '../../tracing/trace-context';
import type { OutboxSignal } from '../wake-up/outbox-signal';
import { appendOutboxEvents, type OutboxEventInput } from './append';
import { currentActivityTimeoutMs, transactionLimits } from './deadline';
import { checkedEventData } from './event-data';
import { invalidDataFailure } from './invalid-data';

export type Tx = Prisma.TransactionClient;

/**
 * Announces one business change with the data its type's schema describes; the order and
 * causation come from the transaction's saga.
 */
export type Emit = <T extends EventType>(type: T, data: EventData<T>) => void;

export interface OutboxWriter {
  db: Database;
  topics: Config['kafka']['topics'];
  /** Wakes relays once outbox rows have committed; relays poll when it is absent. */
  wakeUp?: Pick<OutboxSignal, 'committed'>;
}

/** The saga a transaction acts for: its events are keyed by the order and caused by the request. */
export interface OutboxRef {
  orderId: string;
  causationId?: string | undefined;
}

/** Each event goes to its domain's topic: `payments.payment.captured` to the payments topic. */
function topicFor(topics: OutboxWriter['topics'], type: EventType): string {
  const domain = type.slice(0, type.indexOf('.')) as keyof OutboxWriter['topics'];
  return topics[domain];
}

/**
 * Runs `work` in one PostgreSQL transaction that holds the order's lock from its first
 * statement on (see limitAndLockOrder). The events it emits are appended to the outbox in
 * that same transaction, so they commit or roll back with the change they announce, and
 * the relays are woken once it has committed. Data the database refuses fails as
 * non-retryable `InvalidOrderData`.
 *
 * The transaction is over before the activity attempt running it times out (see
 * transactionLimits): no attempt commits after the saga has given up on it.
 */
export async function inOutboxTransaction<T>(
  writer: OutboxWriter,
  ref: OutboxRef,
  work: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<T> {
  const attributes = { 'db.system.name': 'postgresql', 'saga.order_id': ref.orderId };
  return inSpan('outbox transaction', { attributes }, async (span) => {
    const limits = transactionLimits(currentActivityTimeoutMs());
    // The events carry this span's context, so the relay's publication and the consumers
    // of the events continue the trace of the change they announce.
    const traceContext = activeTraceCarrier();
    let appended = 0;
    try {
      const result = await writer.db.$transaction(
        async (tx) => {
          await limitAndLockOrder(tx, ref.orderId, limits);
          const events: OutboxEventInput[] = [];
          const value = await work(tx, (type, data) =>
            events.push({
              type,
              topic: topicFor(writer.topics, type),
              ...ref,
              data: checkedEventData(type, data),
              traceContext,
            }),
          );
          appended = await appendOutboxEvents(tx, events);
          return value;
        },
        { maxWait: limits.maxWait, timeout: limits.timeout },
      );
      span.setAttribute('saga.outbox.appended', appended);
      if (appended > 0) writer.wakeUp?.committed();
      return result;
    } catch (error) {
      throw invalidDataFailure(error, ref.orderId) ?? error;
    }
  });
}
