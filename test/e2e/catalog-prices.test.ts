import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_REJECTIONS } from '../../contract/errors';
import { COMMAND_TYPES } from '../../contract/events';
import type { OrderInput } from '../../contract/order';
import { commandMessage } from '../../dev/kafka/commands';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { startKafkaStack } from '../support/kafka-stack';
import type { Stack } from '../support/stack';
import { expectOnlyTheseEvents, type createTestCatalog } from '../support/test-orders';
import type { readTopics } from '../support/topic-reader';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let events: Awaited<ReturnType<typeof readTopics>>;
let stop: (() => Promise<void>) | undefined;
let sendTo: (topic: string, ...messages: Message[]) => Promise<unknown>;

beforeAll(async () => {
  ({ stack, catalog, events, send: sendTo, stop } = await startKafkaStack());
});
afterAll(() => stop?.());

/** Places the order on Kafka and returns how its saga ended. */
async function place(order: OrderInput) {
  await sendTo(
    stack.config.kafka.topics.commands,
    commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order),
  );
  return awaitOutcome(stack.client, order.orderId);
}

/** What the order moved in money: its authorization and ledger entries. */
async function moneyOf(orderId: string) {
  const { db } = stack.context;
  return {
    authorizations: await db.paymentAuthorization.count({ where: { orderId } }),
    ledgerEntries: await db.paymentLedgerEntry.count({ where: { orderId } }),
  };
}

/** The reason the order's orders.order.cancelled event gives, as a consumer reads it. */
function cancelledReason(orderId: string): string {
  const cancelled = events.messages.find(
    (m) => m.key === orderId && m.headers.ce_type === 'orders.order.cancelled',
  );
  return (cancelled?.value as { reason?: string } | undefined)?.reason ?? '';
}

describe('an order priced by the client', () => {
  it('an order whose unit price differs from the catalog is cancelled with PriceMismatch and nothing is charged', async () => {
    const order = catalog.order({ items: [{ sku: catalog.sku, quantity: 2, unitPrice: 1 }] });
    const stockBefore = await stack.context.db.product.findUniqueOrThrow({ where: { sku: catalog.sku } });

    const outcome = await place(order);

    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      failure: { type: BUSINESS_REJECTIONS.PRICE_MISMATCH, step: 'reserveInventory' },
    });
    expect(outcome.reason).toContain(`${catalog.sku} at 1 EUR, catalog ${catalog.price} EUR`);
    expect(await moneyOf(order.orderId)).toEqual({ authorizations: 0, ledgerEntries: 0 });
    expect(await stack.context.db.inventoryReservation.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await stack.context.db.product.findUniqueOrThrow({ where: { sku: catalog.sku } })).toMatchObject({
      reserved: stockBefore.reserved,
    });
    const row = await stack.context.db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(row.status).toBe('CANCELLED');
    expect(row.cancelReason).toMatch(/^PriceMismatch: /);
    await expectOnlyTheseEvents(events, order.orderId, ['orders.order.cancelled'], stack.config.kafka.topics);
    expect(cancelledReason(order.orderId)).toMatch(/^PriceMismatch: /);
  });

  it('an order at the catalog price completes and captures exactly the catalog total', async () => {
    const order = catalog.order();

    expect(await place(order)).toMatchObject({ status: 'COMPLETED' });

    const ledger = await stack.context.db.paymentLedgerEntry.findMany({ where: { orderId: order.orderId } });
    expect(ledger.map((entry) => [entry.kind, entry.amount, entry.currency]).sort()).toEqual([
      ['AUTHORIZATION', 2 * catalog.price, 'EUR'],
      ['CAPTURE', 2 * catalog.price, 'EUR'],
    ]);
  });

  it('an order in another currency than the customer credit is cancelled with CurrencyMismatch, its stock released', async () => {
    const customerId = `usd-${catalog.payer}`;
    await stack.context.db.customer.create({
      data: { id: customerId, name: 'Customer paying in USD', creditLimit: 1_000_000, currency: 'USD' },
    });
    const order = catalog.order({ customerId });

    const outcome = await place(order);

    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      failure: { type: BUSINESS_REJECTIONS.CURRENCY_MISMATCH, step: 'authorizePayment' },
    });
    expect(await moneyOf(order.orderId)).toEqual({ authorizations: 0, ledgerEntries: 0 });
    await expectOnlyTheseEvents(
      events,
      order.orderId,
      ['inventory.stock.reserved', 'inventory.stock.released', 'orders.order.cancelled'],
      stack.config.kafka.topics,
    );
    expect(cancelledReason(order.orderId)).toMatch(/^CurrencyMismatch: .*credit is in USD/);
  });
});
