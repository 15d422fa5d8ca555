import { createHash } from 'node:crypto';
import { bySku, type OrderInput } from '../../contract/order';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => byText(a, b))
      .map(([key, inner]) => [key, withSortedKeys(inner)]),
  );
}

/**
 * SHA-256 of a validated order in canonical form (keys sorted, items sorted by sku), so
 * the same order sent with its fields or items in another order has the same digest.
 */
export function orderDigest(order: OrderInput): string {
  const items = bySku(order.items);
  const canonical = JSON.stringify(withSortedKeys({ ...order, items }));
  return createHash('sha256').update(canonical).digest('hex');
}
