import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';
import { db } from './fixture';

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
