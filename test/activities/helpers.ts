import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';
import { createActivities } from '../../activities';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';
import { seedDatabase } from '../../src/db/seed';
import type { OrderInput } from '../../src/order';

const config = getConfig();
export const topics = config.kafka.topics;
export const db = createDatabase(config.databaseUrl, { max: 20 });
export const activities = createActivities({ db, topics });

/** Plentiful stock of this test file alone: repeated runs never drain the seeded products. */
export const testSku = `test-sku-${randomUUID()}`;

export async function setUp(): Promise<void> {
  await seedDatabase(db);
  await db.product.create({ data: { sku: testSku, name: 'Test product', onHand: 1_000_000 } });
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A product of this test alone, so its stock is not shared with other tests. */
export async function createProduct(onHand: number): Promise<string> {
  const sku = uniqueId('test-sku');
  await db.product.create({ data: { sku, name: 'Test product', onHand } });
  return sku;
}

/** A customer of this test alone, so its credit is not spent by other tests. */
export async function createCustomer(creditLimit: number): Promise<string> {
  const id = uniqueId('test-cust');
  await db.customer.create({ data: { id, name: 'Test customer', creditLimit } });
  return id;
}

export function makeOrder(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    orderId: uniqueId('test-order'),
    customerId: 'cust-alice',
    currency: 'EUR',
    items: [{ sku: testSku, quantity: 1, unitPrice: 499 }],
    shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    ...overrides,
  };
}

/** The input the workflow passes to a forward step. */
export function stepInput(order: OrderInput) {
  return { orderId: order.orderId, causationId: `cause-${order.orderId}`, order };
}

export function outboxOf(orderId: string) {
  return db.outboxEvent.findMany({ where: { aggregateId: orderId }, orderBy: { sequence: 'asc' } });
}

export async function eventTypesOf(orderId: string): Promise<string[]> {
  return (await outboxOf(orderId)).map((row) => row.eventType);
}

export async function stockOf(sku: string): Promise<{ onHand: number; reserved: number }> {
  return db.product.findUniqueOrThrow({ where: { sku }, select: { onHand: true, reserved: true } });
}

/** Asserts the promise fails as a non-retryable business rejection of the given type. */
export async function expectRejection(promise: Promise<unknown>, type: string): Promise<ApplicationFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  expect(failure.type).toBe(type);
  expect(failure.nonRetryable).toBe(true);
  return failure;
}
