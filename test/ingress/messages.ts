import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { COMMAND_TYPES } from '../../contract/events';
import type { OrderInput } from '../../contract/order';
import { sampleOrder } from '../../dev/sample-data';

export function anOrder(orderId = `o-${randomUUID()}`): OrderInput {
  return sampleOrder({
    orderId,
    customerId: 'c-1',
    items: [{ sku: 'sku-1', quantity: 2, unitPrice: 1_250 }],
  });
}

interface Event {
  type?: string;
  data: unknown;
  id?: string;
  orderId: string;
}

/** An order placed, with a fresh id, unless the event says otherwise. */
function withDefaults(event: Event): Required<Event> {
  return { type: COMMAND_TYPES.orderPlaced, id: randomUUID(), ...event };
}

/** A command in CloudEvents binary content mode: `ce_*` headers, JSON data as the value. */
export function binaryMessage(event: Event): Message {
  const { type, data, id, orderId } = withDefaults(event);
  return {
    key: orderId,
    value: JSON.stringify(data),
    headers: {
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: '/tests',
      ce_type: type,
      ce_time: new Date().toISOString(),
      ce_orderid: orderId,
      'content-type': 'application/json',
    },
  };
}

/** A command in structured content mode: the whole event as JSON in the value. */
export function structuredMessage(event: Event): Message {
  const { type, data, id, orderId } = withDefaults(event);
  return {
    key: orderId,
    value: JSON.stringify({
      specversion: '1.0',
      id,
      source: '/tests',
      type,
      orderid: orderId,
      datacontenttype: 'application/json',
      data,
    }),
    headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
  };
}

export function asRaw(message: Message) {
  return {
    key: (message.key as string | null) ?? null,
    value: (message.value as string | null) ?? null,
    headers: message.headers,
  };
}
