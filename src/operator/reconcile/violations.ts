/** Every invariant `saga reconcile` checks, by the name it reports and counts violations under. */
export const INVARIANTS = [
  'order-without-saga',
  'order-status-mismatch',
  'reservation-held-after-finish',
  'product-reserved-mismatch',
  'capture-mismatch',
  'outbox-unpublished',
  'event-offset-beyond-topic-end',
] as const;

export type Invariant = (typeof INVARIANTS)[number];

export interface Violation {
  invariant: Invariant;
  /** The order, product or event the violation is about. */
  subject: string;
  detail: string;
}

/** What one reconciliation looks at. */
export interface ReconcileScope {
  /** Only these orders (and their products and events); every order when absent. */
  orderIds?: string[];
  /** At most this many orders (the most recently changed) are checked against Temporal per run. */
  maxSagas: number;
  /** An unpublished outbox row older than this is a violation. */
  outboxMaxAgeSeconds: number;
}
