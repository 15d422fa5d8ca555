import { CloudEvent } from 'cloudevents';
import type { Message } from 'kafkajs';
import { binaryKafkaMessage } from '../../kafka/cloudevent-message';
import type { ClaimedEvent } from './outbox-store';

/** An outbox row as the Kafka message consumers read, keyed by its order. */
export function toKafkaMessage(event: ClaimedEvent): Message {
  return binaryKafkaMessage(new CloudEvent(event.payload, false), event.aggregate_id);
}
