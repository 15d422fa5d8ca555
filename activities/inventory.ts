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
        const known = await tx.$queryRaw<{ sku: string; price: number | null; currency: string | null }[]>`
          SELECT sku, price, currency FROM product WHERE sku = ANY(${skus}::text[])`;
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
          // The reservation row is the idempotency key: a retry finds it and leaves stock
          // alone. The stock is taken by one conditional update: concurrent reservations
          // queue on the row lock and re-check availability, so stock is never oversold.
          const [line] = await tx.$queryRaw<{ inserted: boolean; taken: boolean }[]>`
            WITH reserved AS (
              INSERT INTO inventory_reservation (id, order_id, sku, quantity, updated_at)
              VALUES (${deterministicUuid('reservation', orderId, sku)}::uuid, ${orderId}, ${sku}, ${quantity}, now())
              ON CONFLICT DO NOTHING
              RETURNING sku, quantity
            ), taken AS (
              UPDATE product SET reserved = product.reserved + reserved.quantity
              FROM reserved
              WHERE product.sku = reserved.sku AND product.on_hand - product.reserved >= reserved.quantity
              RETURNING product.sku
            )
            SELECT EXISTS (SELECT FROM reserved) AS inserted, EXISTS (SELECT FROM taken) AS taken`;
          if (!line!.inserted) continue;
          if (!line!.taken) shortages.push({ sku, requested: quantity });
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
        const released = await tx.$queryRaw<{ sku: string; quantity: number }[]>`
          UPDATE inventory_reservation SET status = 'RELEASED', updated_at = statement_timestamp()
          WHERE order_id = ${orderId} AND status = 'RESERVED'
          RETURNING sku, quantity`;
        if (released.length === 0) return 'nothing-to-undo';
        // One product at a time, in sku order like the reservations, so a release and a
        // reservation never lock the same products in opposite orders.
        for (const { sku, quantity } of bySku(released)) {
          await tx.$executeRaw`UPDATE product SET reserved = reserved - ${quantity}::int WHERE sku = ${sku}`;
        }
        emit(EVENT_TYPES.stockReleased, { orderId, reason, items: bySku(released) });
        return 'undone';
      });
    },
  };
}
