import { randomUUID } from 'node:crypto';
import { EVENT_TYPES } from '../contract/events';
import { outboxEventId, type OutboxEventInput } from '../src/outbox/write/append';

/** The five events of a happy-path saga, in the order the saga emits them. */
const SAGA_EVENTS = [
  EVENT_TYPES.stockReserved,
  EVENT_TYPES.paymentAuthorized,
  EVENT_TYPES.shipmentCreated,
  EVENT_TYPES.paymentCaptured,
  EVENT_TYPES.orderConfirmed,
];

/**
 * `count` outbox events shaped like the saga's (the same CloudEvent payloads), five per
 * order, all for one topic. Both relays get identical rows.
 */
export function relayEvents(count: number, topic: string): (OutboxEventInput & { id: string })[] {
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: count }, (_, index) => {
    const orderId = `relay-${run}-${Math.floor(index / SAGA_EVENTS.length)}`;
    const type = SAGA_EVENTS[index % SAGA_EVENTS.length]!;
    return { id: outboxEventId(orderId, type), type, topic, orderId, data: { orderId, step: index % 5 } };
  });
}

/**
 * Inserts events at a fixed rate: every tick, the rows due so far in one transaction
 * (as an activity commits its rows together). Returns each event's commit time.
 */
export async function insertAtRate<T extends { id: string }>(
  events: T[],
  ratePerSecond: number,
  insert: (rows: T[]) => Promise<void>,
): Promise<Map<string, number>> {
  const committedAt = new Map<string, number>();
  const started = performance.now();
  let sent = 0;
  while (sent < events.length) {
    const due = Math.min(
      events.length,
      Math.floor(((performance.now() - started) / 1000) * ratePerSecond) + 1,
    );
    if (due > sent) {
      const rows = events.slice(sent, due);
      await insert(rows);
      const at = performance.now();
      for (const row of rows) committedAt.set(row.id, at);
      sent = due;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return committedAt;
}
