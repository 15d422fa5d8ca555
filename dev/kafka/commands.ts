import { randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import type { Message } from 'kafkajs';
import { binaryKafkaMessage } from '../../src/kafka/cloudevent-message';

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
  return binaryKafkaMessage(event, orderId);
}
