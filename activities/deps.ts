import type { OutboxWriter } from '../src/outbox/write/transaction';

/** What the activities need: the database, the event topics and the relays' wake-up. */
export type ActivityDeps = OutboxWriter;
