import { randomUUID } from 'node:crypto';
import type { OrderInput, ShippingAddress } from '../contract/order';
import type { Database } from '../src/db/prisma';

/** A deliverable address for sample and test orders. */
export const SAMPLE_ADDRESS: ShippingAddress = {
  name: 'Ada Lovelace',
  line1: '1 Main St',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

/** An order in EUR to the sample address; the rest comes from `fields`. */
export function sampleOrder(
  fields: Pick<OrderInput, 'orderId' | 'customerId' | 'items'> & Partial<OrderInput>,
): OrderInput {
  return { currency: 'EUR', shippingAddress: SAMPLE_ADDRESS, ...fields };
}

/** The catalog price of the product of a private catalog, in euro cents. */
export const PRIVATE_CATALOG_PRICE = 1250;

/**
 * A product that does not run out and two customers, one who can pay and one who cannot,
 * owned by one run (a test file, a benchmark), so runs never drain each other's stock or
 * credit. Everything is priced in EUR, the currency of `sampleOrder`.
 */
export async function createPrivateCatalog(db: Database, prefix: string) {
  const suffix = randomUUID().slice(0, 8);
  const [sku, payer, broke] = ['sku', 'payer', 'broke'].map((role) => `${prefix}-${role}-${suffix}`) as [
    string,
    string,
    string,
  ];
  await db.product.create({
    data: { sku, name: 'Widget', onHand: 1_000_000_000, price: PRIVATE_CATALOG_PRICE, currency: 'EUR' },
  });
  await db.customer.createMany({
    data: [
      { id: payer, name: 'Paying customer', creditLimit: 2_000_000_000, currency: 'EUR' },
      { id: broke, name: 'Customer without credit', creditLimit: 1, currency: 'EUR' },
    ],
  });
  return { sku, payer, broke, suffix, price: PRIVATE_CATALOG_PRICE };
}
