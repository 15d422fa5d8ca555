import { randomUUID } from 'node:crypto';
import { CloudEvent, Kafka as KafkaBinding } from 'cloudevents';
import type { Message } from 'kafkajs';

export const COMMAND_SOURCE = '/saga-orchestrator/demo';

/** An inbound command as a CloudEvent in Kafka binary mode, keyed by its order id. */
export function commandMessage(
  type: string,
  orderId: string,
  data: object,
  source = COMMAND_SOURCE,
): Message {
  const event = new CloudEvent({
    id: randomUUID(),
    source,
    type,
    subject: orderId,
    datacontenttype: 'application/json',
    data,
  });
  const binary = KafkaBinding.binary(event);
  const headers = Object.fromEntries(
    Object.entries(binary.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)]],
    ),
  );
  return { key: orderId, value: JSON.stringify(data), headers };
}
