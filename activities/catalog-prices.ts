import { BUSINESS_REJECTIONS } from '../contract/errors';
import { bySku, type OrderInput } from '../contract/order';
import { businessRejection } from './rejection';

export interface CatalogPrice {
  sku: string;
  price: number | null;
  currency: string | null;
}

/**
 * The saga charges the catalog's price, never the client's: an order line whose unit price
 * or currency is not the catalog's is refused rather than repriced, since the customer
 * agreed to the price they sent and a silently different charge is worse than a refusal.
 * Products missing from `catalog` are left to the unknown-sku check.
 */
export function refuseOffCatalogPrices(orderId: string, order: OrderInput, catalog: CatalogPrice[]): void {
  const mismatches = bySku(order.items).flatMap(({ sku, unitPrice }) => {
    const product = catalog.find((entry) => entry.sku === sku);
    if (!product || (product.price === unitPrice && product.currency === order.currency)) return [];
    return [
      {
        sku,
        unitPrice,
        currency: order.currency,
        catalogPrice: product.price,
        catalogCurrency: product.currency,
      },
    ];
  });
  if (mismatches.length === 0) return;
  const described = mismatches.map(
    (m) =>
      `${m.sku} at ${m.unitPrice} ${m.currency}, catalog ${m.catalogPrice === null ? 'has no price' : `${m.catalogPrice} ${m.catalogCurrency}`}`,
  );
  throw businessRejection(`Price mismatch: ${described.join('; ')}`, BUSINESS_REJECTIONS.PRICE_MISMATCH, {
    orderId,
    mismatches,
  });
}
