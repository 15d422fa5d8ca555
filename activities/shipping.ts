import type { OrderSagaActivities } from '../contract/activities';
import { BUSINESS_REJECTIONS } from '../contract/errors';
import { EVENT_TYPES } from '../contract/events';
import { deterministicUuid } from '../src/deterministic-id';
import { inOutboxTransaction } from '../src/outbox/write/transaction';
import { addressRejection } from './address-check';
import type { ActivityDeps } from './deps';
import { fenceForCompensation, lockRecordedOrderForStep } from './order-record';
import { businessRejection } from './rejection';

type ShippingActivities = Pick<OrderSagaActivities, 'createShipment' | 'cancelShipment'>;

export function createShippingActivities(deps: ActivityDeps): ShippingActivities {
  return {
    async createShipment({ order, ...ref }) {
      const { orderId } = ref;
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
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        await lockRecordedOrderForStep(tx, orderId);
        const count = await tx.$executeRaw`
          INSERT INTO shipment (id, order_id, address, tracking_ref, updated_at)
          VALUES (${shipmentId}::uuid, ${orderId}, ${JSON.stringify(address)}::jsonb, ${trackingRef}, now())
          ON CONFLICT DO NOTHING`;
        if (count === 1) emit(EVENT_TYPES.shipmentCreated, { orderId, shipmentId, trackingRef, address });
        return { shipmentId };
      });
    },

    async cancelShipment({ reason, ...ref }) {
      const { orderId } = ref;
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        await fenceForCompensation(tx, ref, reason);
        const [cancelled] = await tx.$queryRaw<{ id: string; trackingRef: string }[]>`
          UPDATE shipment SET status = 'CANCELLED', updated_at = statement_timestamp()
          WHERE order_id = ${orderId} AND status = 'CREATED'
          RETURNING id::text, tracking_ref AS "trackingRef"`;
        if (!cancelled) return 'nothing-to-undo';
        const { id: shipmentId, trackingRef } = cancelled;
        emit(EVENT_TYPES.shipmentCancelled, { orderId, shipmentId, trackingRef, reason });
        return 'undone';
      });
    },
  };
}
