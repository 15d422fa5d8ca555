import { randomUUID } from 'node:crypto';
import type { Database } from '../src/db/prisma';
import type { OrderInput } from '../src/order';

export type OrderKind = 'happy' | 'compensated';

/**
 * A product with stock that never runs out during a run and two customers: one with
 * ample credit (the saga completes) and one without (the payment is declined, the saga
 * compensates). Owned by one benchmark run, so runs never drain each other's stock.
 */
export async function createBenchCatalog(db: Database) {
  const suffix = randomUUID().slice(0, 8);
  const sku = `bench-sku-${suffix}`;
  const payer = `bench-payer-${suffix}`;
  const broke = `bench-broke-${suffix}`;
  await db.product.create({ data: { sku, name: 'Benchmark widget', onHand: 1_000_000_000 } });
  await db.customer.createMany({
    data: [
      { id: payer, name: 'Benchmark payer', creditLimit: 2_000_000_000 },
      { id: broke, name: 'Benchmark customer without credit', creditLimit: 1 },
    ],
  });
  let sequence = 0;
  return (kind: OrderKind): OrderInput => ({
    orderId: `bench-${suffix}-${++sequence}`,
    customerId: kind === 'happy' ? payer : broke,
    currency: 'EUR',
    items: [{ sku, quantity: 1, unitPrice: 1250 }],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
  });
}

/** Deterministic mix: every k-th order compensates, so small runs still see the share. */
export function kindFor(index: number, compensatedShare: number): OrderKind {
  if (compensatedShare <= 0) return 'happy';
  return Math.floor((index + 1) * compensatedShare) > Math.floor(index * compensatedShare)
    ? 'compensated'
    : 'happy';
}
