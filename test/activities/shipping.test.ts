import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_REJECTIONS } from '../../contract/errors';
import { activities, db, setUp, topics } from './fixture';
import { makeOrder, stepInput } from './builders';
import { eventTypesOf, expectRejection, outboxOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

describe('createShipment', () => {
  it('creates the shipment for the order address and appends shipping.shipment.created', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));

    const { shipmentId } = await activities.createShipment(stepInput(order));

    const shipment = await db.shipment.findUniqueOrThrow({ where: { orderId: order.orderId } });
    expect(shipment).toMatchObject({ id: shipmentId, status: 'CREATED', address: order.shippingAddress });
    const event = (await outboxOf(order.orderId)).at(-1);
    expect(event).toMatchObject({ eventType: 'shipping.shipment.created', topic: topics.shipping });
    expect(event?.payload).toMatchObject({ data: { shipmentId, trackingRef: shipment.trackingRef } });
  });

  it('running it twice keeps one shipment and emits no second event', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));

    const first = await activities.createShipment(stepInput(order));
    const second = await activities.createShipment(stepInput(order));

    expect(second).toEqual(first);
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'shipping.shipment.created',
    ]);
  });

  it.each([
    ['a country we do not ship to', { country: 'AQ' }],
    ['a postal code made only of zeros', { postalCode: '000 00' }],
  ])('rejects %s as non-retryable AddressUndeliverable and creates nothing', async (_case, change) => {
    const base = makeOrder();
    const order = makeOrder({
      orderId: base.orderId,
      shippingAddress: { ...base.shippingAddress, ...change },
    });
    await activities.reserveInventory(stepInput(order));

    await expectRejection(
      activities.createShipment(stepInput(order)),
      BUSINESS_REJECTIONS.ADDRESS_UNDELIVERABLE,
    );

    expect(await db.shipment.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved']);
  });
});

describe('cancelShipment', () => {
  it('cancels a created shipment once and appends shipping.shipment.cancelled', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));
    await activities.createShipment(stepInput(order));

    const ref = { orderId: order.orderId, reason: 'customer cancelled' };
    await expect(activities.cancelShipment(ref)).resolves.toBe('undone');
    await expect(activities.cancelShipment(ref)).resolves.toBe('nothing-to-undo');

    expect((await db.shipment.findUniqueOrThrow({ where: { orderId: order.orderId } })).status).toBe(
      'CANCELLED',
    );
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'shipping.shipment.created',
      'shipping.shipment.cancelled',
    ]);
  });

  it('succeeds with nothing-to-undo when no shipment was ever created', async () => {
    const { orderId } = makeOrder();

    await expect(activities.cancelShipment({ orderId, reason: 'payment declined' })).resolves.toBe(
      'nothing-to-undo',
    );

    expect(await outboxOf(orderId)).toEqual([]);
  });
});
