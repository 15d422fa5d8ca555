import type { Database } from '../src/db/prisma';

/**
 * Reference data for local runs, demos and tests. Stock is set only when a product
 * is first created, so re-seeding never undoes reservations already made; names and
 * prices are set on every seeding.
 *
 * Products (sku: on hand, catalog price in euro cents):
 *   SKU-KEYBOARD  500   4_999    SKU-MOUSE   1_000  1_999    SKU-MONITOR  100  24_999
 *   SKU-CABLE   5_000     499    SKU-LAPTOP     50  129_900  SKU-RARE       1     9_999 (one unit)
 *   SKU-SOLDOUT     0   1_000 (never available)
 * Customers (id: credit limit in euro cents):
 *   cust-alice 1_000_000 (10 000.00)   cust-bob 100_000 (1 000.00)
 *   cust-broke 100 (1.00: every realistic order is declined)
 */
export const SEED_PRODUCTS = [
  { sku: 'SKU-KEYBOARD', name: 'Mechanical keyboard', onHand: 500, price: 4_999, currency: 'EUR' },
  { sku: 'SKU-MOUSE', name: 'Wireless mouse', onHand: 1_000, price: 1_999, currency: 'EUR' },
  { sku: 'SKU-MONITOR', name: '27-inch monitor', onHand: 100, price: 24_999, currency: 'EUR' },
  { sku: 'SKU-CABLE', name: 'USB-C cable', onHand: 5_000, price: 499, currency: 'EUR' },
  { sku: 'SKU-LAPTOP', name: '14-inch laptop', onHand: 50, price: 129_900, currency: 'EUR' },
  { sku: 'SKU-RARE', name: 'Signed first edition', onHand: 1, price: 9_999, currency: 'EUR' },
  { sku: 'SKU-SOLDOUT', name: 'Discontinued gadget', onHand: 0, price: 1_000, currency: 'EUR' },
] as const;

export const SEED_CUSTOMERS = [
  { id: 'cust-alice', name: 'Alice Example', creditLimit: 1_000_000, currency: 'EUR' },
  { id: 'cust-bob', name: 'Bob Example', creditLimit: 100_000, currency: 'EUR' },
  { id: 'cust-broke', name: 'Broke Example', creditLimit: 100, currency: 'EUR' },
] as const;

/** The catalog price of a seeded product. */
export function seedPrice(sku: (typeof SEED_PRODUCTS)[number]['sku']): number {
  return SEED_PRODUCTS.find((product) => product.sku === sku)!.price;
}

export async function seedDatabase(db: Database): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const product of SEED_PRODUCTS) {
      await tx.product.upsert({
        where: { sku: product.sku },
        create: product,
        update: { name: product.name, price: product.price, currency: product.currency },
      });
    }
    for (const customer of SEED_CUSTOMERS) {
      await tx.customer.upsert({ where: { id: customer.id }, create: customer, update: customer });
    }
  });
}
