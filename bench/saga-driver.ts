import type { Producer } from 'kafkajs';
import type { Config } from '../src/config';
import { commandMessage } from '../dev/kafka/commands';
import type { OrderInput } from '../contract/order';
import { kindFor, type OrderKind } from './catalog';
import type { EventReader } from './event-reader';
import { withTimeout, type RunOne } from './load';
import { COMMAND_TYPES } from '../contract/events';

const EXPECTED_END: Record<OrderKind, string> = {
  happy: 'orders.order.confirmed',
  compensated: 'orders.order.cancelled',
};

/** A saga that does not end within this is counted as failed, not waited for forever. */
const SAGA_TIMEOUT_MS = 60_000;

/**
 * One saga through the service's real doors: `orders.order.placed` produced to the
 * inbound topic, finished when its terminal event is read back from the orders topic.
 * Latency = that read time minus the time just before the produce call.
 */
export function sagaRunner(deps: {
  config: Config;
  producer: Producer;
  reader: EventReader;
  makeOrder: (kind: OrderKind) => OrderInput;
  compensatedShare: number;
  /** Every order started, for the cost figures. */
  started?: OrderInput[];
}): RunOne {
  return async (index) => {
    const kind = kindFor(index, deps.compensatedShare);
    const order = deps.makeOrder(kind);
    deps.started?.push(order);
    const sentAt = performance.now();
    await deps.producer.send({
      topic: deps.config.kafka.topics.commands,
      acks: -1,
      messages: [commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order)],
    });
    const end = await withTimeout(
      deps.reader.finished(order.orderId),
      SAGA_TIMEOUT_MS,
      `saga ${order.orderId}`,
    );
    if (end.type !== EXPECTED_END[kind])
      throw new Error(`${kind} order ${order.orderId} ended with ${end.type}`);
    return { latencyMs: end.at - sentAt, kind };
  };
}
