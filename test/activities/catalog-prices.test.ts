import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_REJECTIONS } from '../../contract/errors';
import type { OrderInput } from '../../contract/order';
import { activities, db, setUp } from './fixture';
import { createCustomer, createProduct, makeOrder, stepInput, uniqueId } from './builders';
import { eventTypesOf, expectRejection, outboxOf, stockOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

/** Asserts step 1 refused the order as PriceMismatch and left nothing behind. */
async function expectPriceMismatch(order: OrderInput, skus: string[]): Promise<string> {
  const failure = await expectRejection(
    activities.reserveInventory(stepInput(order)),
    BUSINESS_REJECTIONS.PRICE_MISMATCH,
  );
  expect(await db.order.count({ where: { id: order.orderId } })).toBe(0);
  expect(await db.inventoryReservation.count({ where: { orderId: order.orderId } })).toBe(0);
  for (const sku of skus) expect((await stockOf(sku)).reserved).toBe(0);
  expect(await outboxOf(order.orderId)).toEqual([]);
  return failure.message;
}

describe('reserveInventory against catalog prices', () => {
  it('rejects a line below the catalog price as PriceMismatch, reserving nothing and emitting nothing', async () => {
    const [right, wrong] = [await createProduct(10, 4_999), await createProduct(10, 1_999)];
    const order = makeOrder({
      items: [
        { sku: right, quantity: 1, unitPrice: 4_999 },
        { sku: wrong, quantity: 2, unitPrice: 1 },
      ],
    });

    const message = await expectPriceMismatch(order, [right, wrong]);

    expect(message).toContain(`${wrong} at 1 EUR, catalog 1999 EUR`);
    expect(message).not.toContain(right);
  });

  it('rejects a line above the catalog price too: the client never sets the price', async () => {
    const sku = await createProduct(10, 100);
    await expectPriceMismatch(makeOrder({ items: [{ sku, quantity: 1, unitPrice: 101 }] }), [sku]);
  });

  it('rejects an order in another currency than the catalog price, even with the same number', async () => {
    const sku = await createProduct(10, 100);
    const order = makeOrder({ currency: 'USD', items: [{ sku, quantity: 1, unitPrice: 100 }] });

    expect(await expectPriceMismatch(order, [sku])).toContain('at 100 USD, catalog 100 EUR');
  });

  it('rejects a product without a catalog price, which is not for sale', async () => {
    const sku = uniqueId('unpriced-sku');
    await db.product.create({ data: { sku, name: 'Unpriced product', onHand: 10 } });

    const message = await expectPriceMismatch(makeOrder({ items: [{ sku, quantity: 1, unitPrice: 0 }] }), [
      sku,
    ]);

    expect(message).toContain('catalog has no price');
  });
});

describe('authorizePayment in one currency', () => {
  async function reservedOrderOf(customerId: string, currency: string): Promise<OrderInput> {
    const sku = uniqueId('usd-sku');
    await db.product.create({ data: { sku, name: 'Priced in USD', onHand: 10, price: 700, currency } });
    const order = makeOrder({ customerId, currency, items: [{ sku, quantity: 1, unitPrice: 700 }] });
    await activities.reserveInventory(stepInput(order));
    return order;
  }

  it('rejects an order in another currency than the customer credit as CurrencyMismatch, authorizing nothing', async () => {
    const customerId = await createCustomer(1_000_000, 'EUR');
    const order = await reservedOrderOf(customerId, 'USD');

    const failure = await expectRejection(
      activities.authorizePayment(stepInput(order)),
      BUSINESS_REJECTIONS.CURRENCY_MISMATCH,
    );

    expect(failure.message).toContain('credit is in EUR');
    expect(await db.paymentAuthorization.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved']);
  });

  it('rejects every order of a customer whose credit has no currency', async () => {
    const customerId = await createCustomer(1_000_000, null);
    const order = await reservedOrderOf(customerId, 'EUR');

    await expectRejection(
      activities.authorizePayment(stepInput(order)),
      BUSINESS_REJECTIONS.CURRENCY_MISMATCH,
    );
  });

  it('authorizes the recorded catalog total, not a total the step input claims', async () => {
    const customerId = await createCustomer(1_000_000, 'EUR');
    const sku = await createProduct(10, 2_500);
    const order = makeOrder({ customerId, items: [{ sku, quantity: 2, unitPrice: 2_500 }] });
    await activities.reserveInventory(stepInput(order));
    const tampered = { ...order, items: [{ sku, quantity: 2, unitPrice: 1 }] };

    await expect(activities.authorizePayment(stepInput(tampered))).resolves.toMatchObject({ amount: 5_000 });

    const ledger = await db.paymentLedgerEntry.findMany({ where: { orderId: order.orderId } });
    expect(ledger.map((entry) => [entry.kind, entry.amount, entry.currency])).toEqual([
      ['AUTHORIZATION', 5_000, 'EUR'],
    ]);
  });
});
