import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import type { OrderInput } from '../../src/order';

export function anOrder(orderId = `o-${randomUUID()}`): OrderInput {
  return {
    orderId,
    customerId: 'c-1',
    currency: 'EUR',
    items: [{ sku: 'sku-1', quantity: 2, unitPrice: 1_250 }],
    shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
  };
}

interface Event {
  type?: string;
  data: unknown;
  id?: string;
  orderId: string;
}

/** A command in CloudEvents binary content mode: `ce_*` headers, JSON data as the value. */
export function binaryMessage({
  type = 'orders.order.placed',
  data,
  id = randomUUID(),
  orderId,
}: Event): Message {
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
export function structuredMessage({
  type = 'orders.order.placed',
  data,
  id = randomUUID(),
  orderId,
}: Event): Message {
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
