import { describe, expect, it } from 'vitest';
import { outboxCloudEvent } from '../../src/outbox/write/append';
import { toKafkaMessage } from '../../src/outbox/relay/kafka-message';

const orderId = 'o-1';
const data = { orderId, customerId: 'c-1', reason: 'changed my mind' };

const cancelled = () =>
  outboxCloudEvent({ type: 'orders.order.cancelled', topic: 'orders.events', orderId, data });

function row(payload: Record<string, unknown>) {
  return { id: String(payload.id), sequence: 1n, aggregate_id: orderId, topic: 'orders.events', payload };
}

describe('an outbox row as a Kafka message', () => {
  it('carries the dataschema its event was written with, keyed by the order', () => {
    const payload = cancelled();
    const message = toKafkaMessage(row(payload));

    expect(message.key).toBe(orderId);
    expect(message.headers).toMatchObject({
      ce_type: 'orders.order.cancelled',
      ce_dataschema: 'urn:saga-orchestrator:schema:orders.order.cancelled:v1',
    });
    expect(JSON.parse(String(message.value))).toEqual(data);
  });

  it('written before events carried a dataschema is published with the dataschema of v1', () => {
    const { dataschema, ...unversioned } = cancelled();
    expect(dataschema).toBeDefined();

    const message = toKafkaMessage(row(unversioned));

    expect(message.headers?.ce_dataschema).toBe('urn:saga-orchestrator:schema:orders.order.cancelled:v1');
  });

  it('carries the trace context stored with its row as traceparent and tracestate, and none when the row has none', () => {
    const payload = cancelled();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const traced = toKafkaMessage({ ...row(payload), trace_context: { traceparent } });
    const untraced = toKafkaMessage({ ...row(payload), trace_context: null });

    expect(traced.headers).toMatchObject({ ce_traceparent: traceparent });
    expect(traced.headers).not.toHaveProperty('ce_tracestate');
    expect(untraced.headers).not.toHaveProperty('ce_traceparent');
  });
});
