import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { Prisma } from '../../../generated/prisma/client';
import type { TraceCarrier } from '../../tracing/trace-context';

export interface ClaimedEvent {
  id: string;
  sequence: bigint;
  aggregate_id: string;
  topic: string;
  payload: Record<string, unknown>;
  /** Absent on rows written before events were traced. */
  trace_context?: TraceCarrier | null;
}

/**
 * How far past its batch a relay looks for orders no other relay holds. The lock
 * attempts stop at the first `orders` successes, so only the oldest free orders are
 * locked; without the wider window a second relay would see only orders the first
 * one already holds and sit idle.
 */
const CANDIDATES_PER_CLAIM = 8;

/**
 * Claims the next batch for this relay instance, inside the caller's transaction.
 *
 * Per-order order across several relays: an order's events are only ever claimed by
 * the instance holding that order's transaction-scoped advisory lock, and always as a
 * prefix of its unpublished events. An order whose first unpublished event is waiting
 * out a retry backoff is skipped entirely, so it never overtakes itself and never
 * blocks other orders.
 */
export async function claimBatch(
  tx: Prisma.TransactionClient,
  limits: { orders: number; events: number },
): Promise<ClaimedEvent[]> {
  const locked = await tx.$queryRaw<{ aggregate_id: string }[]>`
    WITH heads AS MATERIALIZED (
      SELECT DISTINCT ON (aggregate_id) aggregate_id, sequence, next_attempt_at
      FROM outbox_event WHERE published_at IS NULL
      ORDER BY aggregate_id, sequence
    ), due AS MATERIALIZED (
      SELECT aggregate_id FROM heads
      WHERE next_attempt_at IS NULL OR next_attempt_at <= now()
      ORDER BY sequence LIMIT ${limits.orders * CANDIDATES_PER_CLAIM}
    )
    SELECT aggregate_id FROM due WHERE pg_try_advisory_xact_lock(hashtextextended(aggregate_id, 0))
    LIMIT ${limits.orders}`;
  if (locked.length === 0) return [];
  return tx.$queryRaw<ClaimedEvent[]>`
    SELECT id::text, sequence, aggregate_id, topic, payload, trace_context FROM outbox_event
    WHERE aggregate_id = ANY(${locked.map((row) => row.aggregate_id)}::text[]) AND published_at IS NULL
    ORDER BY sequence LIMIT ${limits.events}
    FOR UPDATE SKIP LOCKED`;
}

/** Marks events published, with the partition and offset Kafka stored each at (lineage). */
export async function markPublished(
  tx: Prisma.TransactionClient,
  events: { id: string; partition: number; offset: string }[],
): Promise<void> {
  await tx.$executeRaw`
    UPDATE outbox_event SET published_at = now(), attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL,
      published_partition = at.partition, published_offset = at.offset
    FROM unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.partition)}::int[],
      ${events.map((e) => e.offset)}::bigint[]) AS at(id, partition, "offset")
    WHERE outbox_event.id = at.id`;
}

/** Backs the events off exponentially (100 ms doubling, at most 30 s) and records why. */
export async function markFailed(tx: Prisma.TransactionClient, ids: string[], error: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE outbox_event SET attempts = attempts + 1, last_error = ${error.slice(0, 2000)},
      next_attempt_at = now() + least(interval '30 seconds', interval '100 milliseconds' * power(2, least(attempts, 20)))
    WHERE id = ANY(${ids}::uuid[])`;
}

export async function oldestUnpublishedAgeSeconds(db: Prisma.TransactionClient): Promise<number> {
  const [row] = await db.$queryRaw<{ age: number | null }[]>`
    SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox_event WHERE published_at IS NULL`;
  return Math.max(0, row?.age ?? 0);
}

/**
 * Deletes every published event older than the retention, however many there are, one
 * bounded chunk per statement (short transactions, short locks), yielding between chunks
 * so the relay's own work goes on. Stops early once `active` says so. Returns how many
 * it deleted.
 */
export async function deletePublishedBefore(
  db: Prisma.TransactionClient,
  hours: number,
  chunk = 5_000,
  active = () => true,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM outbox_event WHERE id IN (
        SELECT id FROM outbox_event
        WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => ${hours * 3600})
        LIMIT ${chunk})`;
    total += deleted;
    if (deleted < chunk || !active()) return total;
    await yieldToOthers();
  }
}
