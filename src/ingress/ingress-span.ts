import { SpanKind, type Span } from '@opentelemetry/api';
import { contextFromCarrier, inSpan } from '../tracing/trace-context';
import type { MessageSource } from './dead-letter';
import { orderIdOf, type InboundCommand } from './parse-command';

/**
 * One attempt at one inbound message, as a consumer span continuing the trace its command
 * carries (a new trace when it carries none or cannot be read): the saga start or signal
 * made inside it carries the trace on into Temporal.
 */
export function inIngressSpan<T>(
  source: MessageSource,
  command: InboundCommand | undefined,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': source.topic,
    'messaging.destination.partition.id': String(source.partition),
    'messaging.kafka.offset': Number(source.offset),
    ...(command
      ? {
          'messaging.message.id': command.eventId,
          'saga.order_id': orderIdOf(command),
          'cloudevents.event_type': command.type,
        }
      : {}),
  };
  const options = { kind: SpanKind.CONSUMER, attributes, parent: contextFromCarrier(command?.trace) };
  return inSpan(`process ${source.topic}`, options, work);
}
