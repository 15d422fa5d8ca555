import { randomUUID } from 'node:crypto';
import type { OrderInput } from '../../contract/order';
import { sampleOrder } from '../../dev/sample-data';
import { db, TEST_SKU_PRICE, testSku } from './fixture';

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A product of this test alone, so its stock is not shared with other tests; priced in EUR. */
export async function createProduct(onHand: number, price = 100): Promise<string> {
  const sku = uniqueId('test-sku');
  await db.product.create({ data: { sku, name: 'Test product', onHand, price, currency: 'EUR' } });
  return sku;
}

/** A customer of this test alone, so its credit is not spent by other tests. */
export async function createCustomer(creditLimit: number, currency: string | null = 'EUR'): Promise<string> {
  const id = uniqueId('test-cust');
  await db.customer.create({ data: { id, name: 'Test customer', creditLimit, currency } });
  return id;
}

export function makeOrder(overrides: Partial<OrderInput> = {}): OrderInput {
  return sampleOrder({
    orderId: uniqueId('test-order'),
    customerId: 'cust-alice',
    items: [{ sku: testSku, quantity: 1, unitPrice: TEST_SKU_PRICE }],
    ...overrides,
  });
}

/** The input the workflow passes to a forward step. */
export function stepInput(order: OrderInput) {
  return { orderId: order.orderId, causationId: `cause-${order.orderId}`, order };
}
