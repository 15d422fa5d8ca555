import { CloudEvent } from 'cloudevents';
import { dataSchemaUri } from '../../../contract/dataschema';
import { EMITTED_VERSION } from '../../../contract/event-schemas';
import type { EventType } from '../../../contract/events';
import type { Prisma } from '../../../generated/prisma/client';
import { deterministicUuid } from '../../deterministic-id';
import type { TraceCarrier } from '../../tracing/trace-context';

export interface OutboxEventInput {
  type: EventType;
  /** Kafka topic of the event's domain. */
  topic: string;
  orderId: string;
  causationId?: string | undefined;
  data: Prisma.InputJsonObject;
  /** The trace of the change the event announces; the relay publishes the event in it. */
  traceContext?: TraceCarrier | undefined;
}

/** Each order emits each event type at most once, so (orderId, type) names the event. */
export function outboxEventId(orderId: string, type: EventType): string {
  return deterministicUuid('outbox-event', orderId, type);
}

/** The CloudEvent an outbox row carries, in its JSON form. */
export function outboxCloudEvent(event: OutboxEventInput): Prisma.InputJsonObject {
  const domain = event.type.split('.')[0]!;
  const cloudEvent = new CloudEvent<Prisma.InputJsonObject>({
    specversion: '1.0',
    id: outboxEventId(event.orderId, event.type),
    source: `/saga-orchestrator/${domain}`,
    type: event.type,
    subject: event.orderId,
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(event.type, EMITTED_VERSION),
    orderid: event.orderId,
    ...(event.causationId ? { causationid: event.causationId } : {}),
    data: event.data,
  });
  return cloudEvent.toJSON() as Prisma.InputJsonObject;
}

/**
 * Appends events to the outbox inside the caller's transaction, so they commit or
 * roll back with the business change they announce. An event already appended by an
 * earlier attempt is skipped (same id); returns how many rows were new. The rows get
 * their sequence in the order of `events`.
 *
 * One SQL statement rather than a model `createMany`: every saga step appends, and
 * Prisma's compiled writes cost several times the CPU of a raw statement.
 */
export async function appendOutboxEvents(
  tx: Prisma.TransactionClient,
  events: readonly OutboxEventInput[],
): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map((event) => ({
    id: outboxEventId(event.orderId, event.type),
    aggregateId: event.orderId,
    eventType: event.type,
    topic: event.topic,
    payload: outboxCloudEvent(event),
    traceContext: event.traceContext ?? null,
  }));
  return tx.$executeRaw`
    INSERT INTO outbox_event (id, aggregate_type, aggregate_id, event_type, topic, payload, trace_context)
    SELECT (e->>'id')::uuid, 'order', e->>'aggregateId', e->>'eventType', e->>'topic',
           e->'payload', nullif(e->'traceContext', 'null'::jsonb)
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS appended(e, position)
    ORDER BY position
    ON CONFLICT DO NOTHING`;
}
