import { CloudEvent, Kafka as KafkaBinding } from 'cloudevents';
import type { Message } from 'kafkajs';
import type { ClaimedEvent } from './outbox-store';

/**
 * An outbox row as a Kafka message in CloudEvents binary content mode: `ce_*` headers,
 * the JSON data as the value, the order id as the key (one partition per order).
 */
export function toKafkaMessage(event: ClaimedEvent): Message {
  const cloudEvent = new CloudEvent(event.payload, false);
  const binary = KafkaBinding.binary(cloudEvent);
  const headers = Object.fromEntries(
    Object.entries(binary.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)]],
    ),
  );
  return {
    key: event.aggregate_id,
    value: JSON.stringify(cloudEvent.data ?? null),
    headers,
    timestamp: binary.timestamp,
  };
}
