import { Kafka as KafkaBinding, type CloudEvent } from 'cloudevents';
import type { Message } from 'kafkajs';

/**
 * A CloudEvent as a Kafka message in binary content mode: `ce_*` headers, the JSON data
 * as the value, and the given key (the order id, so one order stays in one partition).
 */
export function binaryKafkaMessage(event: CloudEvent<unknown>, key: string): Message {
  const binary = KafkaBinding.binary(event);
  const headers = Object.fromEntries(
    Object.entries(binary.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)]],
    ),
  );
  return { key, value: JSON.stringify(event.data ?? null), headers, timestamp: binary.timestamp };
}
