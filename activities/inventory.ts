import type { OrderSagaActivities } from '../contract/activities';
import { BUSINESS_REJECTIONS } from '../contract/errors';
import { EVENT_TYPES } from '../contract/events';
import { deterministicUuid } from '../src/deterministic-id';
import { inOutboxTransaction } from '../src/outbox/write/transaction';
import type { ActivityDeps } from './deps';
import { bySku } from '../contract/order';
import { fenceForCompensation, lockOrderForStep, recordOrder } from './order-record';
import { businessRejection } from './rejection';
import { refuseOffCatalogPrices } from './catalog-prices';

type InventoryActivities = Pick<OrderSagaActivities, 'reserveInventory' | 'releaseInventory'>;

export function createInventoryActivities(deps: ActivityDeps): InventoryActivities {
  return {
    async reserveInventory({ order, ...ref }) {
      const { orderId } = ref;
      const items = bySku(order.items);
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        const recorded = await lockOrderForStep(tx, orderId);
        if (!recorded) await recordOrder(tx, orderId, order, 'PENDING');

        const skus = items.map((item) => item.sku);
        const known = await tx.product.findMany({
          where: { sku: { in: skus } },
          select: { sku: true, price: true, currency: true },
        });
        const unknown = skus.filter((sku) => !known.some((product) => product.sku === sku));
        if (unknown.length > 0) {
          throw businessRejection(`Unknown sku: ${unknown.join(', ')}`, BUSINESS_REJECTIONS.UNKNOWN_SKU, {
            orderId,
            skus: unknown,
          });
        }
        refuseOffCatalogPrices(orderId, order, known);

        let reservedNow = 0;
        const shortages: { sku: string; requested: number }[] = [];
        for (const { sku, quantity } of items) {
          // The reservation row is the idempotency key: a retry finds it and leaves stock alone.
          const { count } = await tx.inventoryReservation.createMany({
            data: [{ id: deterministicUuid('reservation', orderId, sku), orderId, sku, quantity }],
            skipDuplicates: true,
          });
          if (count === 0) continue;
          // One conditional update: concurrent reservations queue on the row lock and
          // re-check availability, so stock is never oversold.
          const updated = await tx.$executeRaw`
            UPDATE product SET reserved = reserved + ${quantity}
            WHERE sku = ${sku} AND on_hand - reserved >= ${quantity}`;
          if (updated === 0) shortages.push({ sku, requested: quantity });
          reservedNow += 1;
        }
        if (shortages.length > 0) {
          throw businessRejection(
            `Out of stock: ${shortages.map((s) => `${s.sku} x${s.requested}`).join(', ')}`,
            BUSINESS_REJECTIONS.OUT_OF_STOCK,
            { orderId, shortages },
          );
        }

        if (reservedNow > 0) {
          emit(EVENT_TYPES.stockReserved, {
            orderId,
            items: items.map(({ sku, quantity }) => ({ sku, quantity })),
          });
        }
        return { reservedItems: items.length };
      });
    },

    async releaseInventory({ reason, ...ref }) {
      const { orderId } = ref;
      return inOutboxTransaction(deps, ref, async (tx, emit) => {
        await fenceForCompensation(tx, ref, reason);
        const released = await tx.inventoryReservation.updateManyAndReturn({
          where: { orderId, status: 'RESERVED' },
          data: { status: 'RELEASED' },
          select: { sku: true, quantity: true },
        });
        if (released.length === 0) return 'nothing-to-undo';
        for (const { sku, quantity } of bySku(released)) {
          await tx.product.update({ where: { sku }, data: { reserved: { decrement: quantity } } });
        }
        emit(EVENT_TYPES.stockReleased, { orderId, reason, items: bySku(released) });
        return 'undone';
      });
    },
  };
}
