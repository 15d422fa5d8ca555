import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../contract/events';
import { EventDataError } from '../../src/outbox/write/event-data';
import { inOutboxTransaction, type Emit } from '../../src/outbox/write/transaction';
import { uniqueId } from './builders';
import { db, setUp, topics } from './fixture';
import { outboxOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

/** A transaction that creates a product and emits one event, as an activity would. */
function emitting(orderId: string, sku: string, announce: (emit: Emit) => void) {
  return inOutboxTransaction({ db, topics }, { orderId }, async (tx, emit) => {
    await tx.product.create({ data: { sku, name: 'Test product', onHand: 1 } });
    announce(emit);
  });
}

const confirmed = (orderId: string) => ({
  orderId,
  customerId: 'cust-alice',
  totalAmount: 499,
  currency: 'EUR',
  capturedAmount: 499,
});

describe('the data of an emitted event', () => {
  it('is appended when it is what its schema describes', async () => {
    const orderId = uniqueId('test-order');
    await emitting(orderId, uniqueId('test-sku'), (emit) =>
      emit(EVENT_TYPES.orderConfirmed, confirmed(orderId)),
    );
    expect((await outboxOf(orderId)).map((row) => row.eventType)).toEqual([EVENT_TYPES.orderConfirmed]);
  });

  it('missing a field of its schema fails the whole transaction, so neither the change nor the event is kept', async () => {
    const orderId = uniqueId('test-order');
    const sku = uniqueId('test-sku');
    const failing = emitting(orderId, sku, (emit) =>
      // @ts-expect-error: a confirmed order announces its amounts, and emit knows it
      emit(EVENT_TYPES.orderConfirmed, { orderId, customerId: 'cust-alice' }),
    );

    await expect(failing).rejects.toThrow(EventDataError);
    await expect(failing).rejects.toThrow(
      /orders\.order\.confirmed data does not match its v1 schema: totalAmount/,
    );
    expect(await outboxOf(orderId)).toEqual([]);
    expect(await db.product.findUnique({ where: { sku } })).toBeNull();
  });

  it('with a field its schema does not name is refused, because consumers would get it undocumented', async () => {
    const orderId = uniqueId('test-order');
    // A whole row spread into the data passes the compiler: only the check sees the extra field.
    const row = { ...confirmed(orderId), discount: 10 };
    const failing = emitting(orderId, uniqueId('test-sku'), (emit) => emit(EVENT_TYPES.orderConfirmed, row));

    await expect(failing).rejects.toThrow(/fields the schema does not name/);
    expect(await outboxOf(orderId)).toEqual([]);
  });

  it('of the wrong type for a field is refused with the field named', async () => {
    const orderId = uniqueId('test-order');
    const failing = emitting(orderId, uniqueId('test-sku'), (emit) =>
      // @ts-expect-error: money is an integer number of minor units
      emit(EVENT_TYPES.orderConfirmed, { ...confirmed(orderId), capturedAmount: '4.99' }),
    );

    await expect(failing).rejects.toThrow(/capturedAmount/);
  });
});
