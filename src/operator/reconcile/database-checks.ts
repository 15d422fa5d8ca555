import { Prisma } from '../../../generated/prisma/client';
import type { Database } from '../../db/prisma';
import type { ReconcileScope, Violation } from './violations';

const inScope = (column: Prisma.Sql, scope: ReconcileScope) =>
  scope.orderIds ? Prisma.sql`AND ${column} = ANY(${scope.orderIds}::text[])` : Prisma.empty;

type Row = { subject: string; detail: string };

/** Each invariant lists (and counts) at most this many violations per run. */
export const MAX_LISTED = 1_000;

/** The invariants PostgreSQL can check alone, each one set query. */
export async function databaseViolations(db: Database, scope: ReconcileScope): Promise<Violation[]> {
  const held = db.$queryRaw<Row[]>`
    SELECT r.order_id AS subject,
      'order is ' || o.status || ' but ' || r.quantity || ' of ' || r.sku || ' are still reserved' AS detail
    FROM inventory_reservation r JOIN "order" o ON o.id = r.order_id
    WHERE r.status = 'RESERVED' AND o.status IN ('CONFIRMED', 'CANCELLED') ${inScope(Prisma.sql`o.id`, scope)}
    ORDER BY r.order_id, r.sku LIMIT ${MAX_LISTED}`;
  const skus = scope.orderIds
    ? Prisma.sql`AND p.sku IN (SELECT sku FROM order_item WHERE order_id = ANY(${scope.orderIds}::text[]))`
    : Prisma.empty;
  const reserved = db.$queryRaw<Row[]>`
    SELECT p.sku AS subject,
      'reserved is ' || p.reserved || ' but its open reservations hold ' || coalesce(open.quantity, 0) AS detail
    FROM product p LEFT JOIN (
      SELECT sku, sum(quantity)::int AS quantity FROM inventory_reservation WHERE status = 'RESERVED' GROUP BY sku
    ) open ON open.sku = p.sku
    WHERE p.reserved <> coalesce(open.quantity, 0) ${skus}
    ORDER BY p.sku LIMIT ${MAX_LISTED}`;
  const captures = db.$queryRaw<Row[]>`
    SELECT o.id AS subject,
      'order is ' || o.status || ' with ' || count(c.id) || ' capture(s) and ' || count(rf.id) || ' refund(s)' AS detail
    FROM "order" o
    LEFT JOIN payment_ledger_entry c ON c.order_id = o.id AND c.kind = 'CAPTURE'
    LEFT JOIN payment_ledger_entry rf ON rf.order_id = o.id AND rf.kind = 'REFUND'
    WHERE o.status IN ('CONFIRMED', 'CANCELLED') ${inScope(Prisma.sql`o.id`, scope)}
    GROUP BY o.id, o.status
    HAVING (o.status = 'CONFIRMED' AND (count(c.id) <> 1 OR count(rf.id) > 0))
        OR (o.status = 'CANCELLED' AND count(c.id) > count(rf.id))
    ORDER BY o.id LIMIT ${MAX_LISTED}`;
  const unpublished = db.$queryRaw<Row[]>`
    SELECT id::text AS subject,
      event_type || ' of order ' || aggregate_id || ' unpublished for ' ||
      floor(extract(epoch FROM now() - created_at))::int || ' s after ' || attempts || ' attempt(s)' ||
      coalesce(': ' || last_error, '') AS detail
    FROM outbox_event
    WHERE published_at IS NULL AND created_at < now() - make_interval(secs => ${scope.outboxMaxAgeSeconds})
      ${inScope(Prisma.sql`aggregate_id`, scope)}
    ORDER BY sequence LIMIT ${MAX_LISTED}`;
  const [h, r, c, u] = await Promise.all([held, reserved, captures, unpublished]);
  return [
    ...h.map((row) => ({ invariant: 'reservation-held-after-finish' as const, ...row })),
    ...r.map((row) => ({ invariant: 'product-reserved-mismatch' as const, ...row })),
    ...c.map((row) => ({ invariant: 'capture-mismatch' as const, ...row })),
    ...u.map((row) => ({ invariant: 'outbox-unpublished' as const, ...row })),
  ];
}
