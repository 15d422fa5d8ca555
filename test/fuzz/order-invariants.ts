import { MAX_AMOUNT } from '../../contract/order';

/**
 * What every accepted order must satisfy for the saga to record it, checked without the
 * zod schema the doors use, so the doors are judged by an independent reading of the rules.
 */
export function orderInvariantViolations(order: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  const isText = (v: unknown, min: number, max: number) =>
    typeof v === 'string' && v.length >= min && v.length <= max && !v.includes('\u0000');
  const isInt = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

  check(typeof order.orderId === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(order.orderId), 'orderId');
  check(isText(order.customerId, 1, 64), 'customerId');
  check(typeof order.currency === 'string' && /^[A-Z]{3}$/.test(order.currency), 'currency');
  const items = Array.isArray(order.items) ? (order.items as Record<string, unknown>[]) : [];
  check(items.length >= 1 && items.length <= 100, 'items count');
  check(new Set(items.map((item) => item.sku)).size === items.length, 'unique skus');
  for (const item of items) {
    check(isText(item.sku, 1, 64), 'sku');
    check(isInt(item.quantity, 1, 10_000), 'quantity');
    check(isInt(item.unitPrice, 0, MAX_AMOUNT), 'unitPrice');
  }
  const total = items.reduce((sum, item) => sum + Number(item.quantity) * Number(item.unitPrice), 0);
  check(total <= MAX_AMOUNT, 'total');
  const address = (order.shippingAddress ?? {}) as Record<string, unknown>;
  check(isText(address.name, 1, 200) && isText(address.line1, 1, 200), 'name and line1');
  check(address.line2 === undefined || isText(address.line2, 0, 200), 'line2');
  check(isText(address.city, 1, 100) && isText(address.postalCode, 1, 20), 'city and postal code');
  check(typeof address.country === 'string' && /^[A-Z]{2}$/.test(address.country), 'country');
  return problems;
}
