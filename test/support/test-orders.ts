import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/prisma';
import type { OrderInput } from '../../src/order';

/** A product and two customers (one who can pay, one who cannot) owned by one test file. */
export async function createTestCatalog(db: Database) {
  const suffix = randomUUID().slice(0, 8);
  const sku = `e2e-sku-${suffix}`;
  const payer = `e2e-payer-${suffix}`;
  const broke = `e2e-broke-${suffix}`;
  await db.product.create({ data: { sku, name: 'End-to-end widget', onHand: 100_000 } });
  await db.customer.createMany({
    data: [
      { id: payer, name: 'Paying customer', creditLimit: 1_000_000_000 },
      { id: broke, name: 'Customer without credit', creditLimit: 1 },
    ],
  });
  const order = (overrides: Partial<OrderInput> = {}): OrderInput => ({
    orderId: `e2e-${randomUUID()}`,
    customerId: payer,
    currency: 'EUR',
    items: [{ sku, quantity: 2, unitPrice: 1250 }],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    ...overrides,
  });
  return { sku, payer, broke, order };
}

export const HAPPY_PATH_EVENTS = [
  'inventory.stock.reserved',
  'payments.payment.authorized',
  'shipping.shipment.created',
  'payments.payment.captured',
  'orders.order.confirmed',
];

export const DECLINED_PAYMENT_EVENTS = [
  'inventory.stock.reserved',
  'inventory.stock.released',
  'orders.order.cancelled',
];
