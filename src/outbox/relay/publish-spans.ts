import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromCarrier, TRACER_NAME } from '../../tracing/trace-context';
import type { ClaimedEvent } from './outbox-store';
import type { BatchResult } from './publish-batch';

/**
 * Times `publish` as one producer span per event, each a child of the transaction that
 * wrote the event (its stored trace context), so every order's trace ends with the
 * publication of its events even when a batch mixes many orders. Each span ends with its
 * event's outcome.
 */
export async function inPublishSpans(
  events: ClaimedEvent[],
  publish: () => Promise<BatchResult>,
): Promise<BatchResult> {
  const tracer = trace.getTracer(TRACER_NAME);
  const spans = new Map(
    events.map((event) => {
      const attributes = {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': event.topic,
        'messaging.message.id': event.id,
        'messaging.kafka.message.key': event.aggregate_id,
      };
      const parent = contextFromCarrier(event.trace_context ?? undefined);
      return [
        event.id,
        tracer.startSpan(`send ${event.topic}`, { kind: SpanKind.PRODUCER, attributes }, parent),
      ];
    }),
  );
  const endAll = (ids: Iterable<string>, status: { code: SpanStatusCode; message?: string }) => {
    for (const id of ids) spans.get(id)?.setStatus(status).end();
  };
  try {
    const result = await publish();
    endAll(
      result.published.map((event) => event.id),
      { code: SpanStatusCode.OK },
    );
    for (const { ids, error } of result.failed) endAll(ids, { code: SpanStatusCode.ERROR, message: error });
    return result;
  } catch (error) {
    endAll(spans.keys(), { code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  }
}
