import { businessRejection } from './rejection';
import { BUSINESS_REJECTIONS } from '../src/errors';
import { appendOutboxEvents, EVENT_TYPES } from '../src/outbox/append';
import { deterministicUuid } from '../src/outbox/deterministic-id';
import { addressRejection } from './address-check';
import { lockOpenOrder, TX_OPTIONS, type ActivityDeps } from './deps';
import type { OrderSagaActivities } from './types';

type ShippingActivities = Pick<OrderSagaActivities, 'createShipment' | 'cancelShipment'>;

export function createShippingActivities({ db, topics }: ActivityDeps): ShippingActivities {
  return {
    async createShipment({ orderId, causationId, order }) {
      const address = order.shippingAddress;
      const rejection = addressRejection(address);
      if (rejection) {
        throw businessRejection(
          `Address undeliverable: ${rejection}`,
          BUSINESS_REJECTIONS.ADDRESS_UNDELIVERABLE,
          { orderId, country: address.country, postalCode: address.postalCode },
        );
      }
      const shipmentId = deterministicUuid('shipment', orderId);
      const trackingRef = `SO${shipmentId.replace(/-/g, '').slice(0, 16).toUpperCase()}`;
      return db.$transaction(async (tx) => {
        await lockOpenOrder(tx, orderId);
        const { count } = await tx.shipment.createMany({
          data: [{ id: shipmentId, orderId, address, trackingRef }],
          skipDuplicates: true,
        });
        if (count === 1) {
          await appendOutboxEvents(tx, [
            {
              type: EVENT_TYPES.shipmentCreated,
              topic: topics.shipping,
              orderId,
              causationId,
              data: { orderId, shipmentId, trackingRef, address },
            },
          ]);
        }
        return { shipmentId };
      }, TX_OPTIONS);
    },

    async cancelShipment({ orderId, causationId, reason }) {
      return db.$transaction(async (tx) => {
        const [cancelled] = await tx.shipment.updateManyAndReturn({
          where: { orderId, status: 'CREATED' },
          data: { status: 'CANCELLED' },
          select: { id: true, trackingRef: true },
        });
        if (!cancelled) return 'nothing-to-undo';
        await appendOutboxEvents(tx, [
          {
            type: EVENT_TYPES.shipmentCancelled,
            topic: topics.shipping,
            orderId,
            causationId,
            data: { orderId, shipmentId: cancelled.id, trackingRef: cancelled.trackingRef, reason },
          },
        ]);
        return 'undone';
      }, TX_OPTIONS);
    },
  };
}
