import { CloudEvent } from 'cloudevents';
import type { Message } from 'kafkajs';
import { dataSchemaUri, UNVERSIONED_DATA_VERSION } from '../../../contract/dataschema';
import { binaryKafkaMessage } from '../../kafka/cloudevent-message';
import type { ClaimedEvent } from './outbox-store';

/**
 * An outbox row as the Kafka message consumers read, keyed by its order. Rows written
 * before events carried a `dataschema` hold data of the first version, so they are
 * published with its `dataschema` like every other event. The trace context stored with
 * the row becomes the CloudEvents distributed-tracing extension (`traceparent`,
 * `tracestate`): the same on every re-publication, like the rest of the event.
 */
export function toKafkaMessage(event: ClaimedEvent): Message {
  const { type } = event.payload as { type: string };
  const versioned = {
    dataschema: dataSchemaUri(type, UNVERSIONED_DATA_VERSION),
    ...event.payload,
    ...event.trace_context,
  };
  return binaryKafkaMessage(new CloudEvent(versioned, false), event.aggregate_id);
}
