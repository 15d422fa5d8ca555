/**
 * Where a saga came from, recorded in its memo when a door starts it, so an order's
 * lineage can name the Kafka message or HTTP request without searching for it.
 */
export type SagaOrigin =
  | { door: 'kafka'; topic: string; partition: number; offset: string; eventId: string }
  | { door: 'http'; requestId: string };

/** The memo field holding the saga's origin. */
export const ORIGIN_MEMO = 'origin';
