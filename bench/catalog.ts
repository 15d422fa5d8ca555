import type { Database } from '../src/db/prisma';
import type { OrderInput } from '../contract/order';
import { createPrivateCatalog, sampleOrder } from '../dev/sample-data';

export type OrderKind = 'happy' | 'compensated';

/**
 * A product with stock that never runs out during a run and two customers: one with
 * ample credit (the saga completes) and one without (the payment is declined, the saga
 * compensates). Owned by one benchmark run, so runs never drain each other's stock.
 */
export async function createBenchCatalog(db: Database) {
  const { sku, payer, broke, suffix, price } = await createPrivateCatalog(db, 'bench');
  let sequence = 0;
  return (kind: OrderKind): OrderInput =>
    sampleOrder({
      orderId: `bench-${suffix}-${++sequence}`,
      customerId: kind === 'happy' ? payer : broke,
      items: [{ sku, quantity: 1, unitPrice: price }],
    });
}

/** Deterministic mix: every k-th order compensates, so small runs still see the share. */
export function kindFor(index: number, compensatedShare: number): OrderKind {
  if (compensatedShare <= 0) return 'happy';
  return Math.floor((index + 1) * compensatedShare) > Math.floor(index * compensatedShare)
    ? 'compensated'
    : 'happy';
}
