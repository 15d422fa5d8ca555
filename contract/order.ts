import { z } from 'zod';

/**
 * The largest amount the database stores (a PostgreSQL `integer`, in minor units). Unit
 * prices and order totals above it are refused at the doors: an order that cannot be
 * recorded must not start a saga.
 */
export const MAX_AMOUNT = 2_147_483_647;

/** Money is always an integer number of minor units (cents), never a float. */
export const minorUnits = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_AMOUNT, `at most ${MAX_AMOUNT} minor units, the largest amount stored`);

const NO_NUL = 'must not contain NUL';

/**
 * Text the database can store: PostgreSQL refuses the NUL character in text and JSON. A
 * refine is invisible to JSON Schema, so its description says it (as every refine's must).
 */
export const storableText = z
  .string()
  .refine((text) => !text.includes('\u0000'), NO_NUL)
  .meta({ description: `Text that ${NO_NUL} (U+0000).` });

const SKU_ONCE = 'each sku at most once';
const TOTAL_BOUND = `the order total (sum of quantity × unitPrice) must be at most ${MAX_AMOUNT} minor units, the largest amount stored`;

export const orderItemSchema = z.object({
  sku: storableText.min(1).max(64),
  quantity: z.number().int().positive().max(10_000),
  unitPrice: minorUnits,
});

export const shippingAddressSchema = z.object({
  name: storableText.min(1).max(200),
  line1: storableText.min(1).max(200),
  line2: storableText.max(200).optional(),
  city: storableText.min(1).max(100),
  postalCode: storableText.min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code'),
});

/** The one input schema of both doors (Kafka `orders.order.placed` and `POST /orders`). */
export const orderInputSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only, at most 64'),
  customerId: storableText.min(1).max(64),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code'),
  items: z
    .array(orderItemSchema)
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((item) => item.sku)).size === items.length, SKU_ONCE)
    .refine((items) => orderTotal({ items }) <= MAX_AMOUNT, TOTAL_BOUND)
    .meta({ description: `Lines of the order: ${SKU_ONCE}; ${TOTAL_BOUND}.` }),
  shippingAddress: shippingAddressSchema,
});

export type ShippingAddress = z.infer<typeof shippingAddressSchema>;
export type OrderInput = z.infer<typeof orderInputSchema>;

/** The dedup key of every door: never change its format. */
export function workflowIdFor(orderId: string): string {
  return `order-${orderId}`;
}

/**
 * Exact for every order the schema accepts: at most 100 items of 10,000 × MAX_AMOUNT
 * stay far below Number.MAX_SAFE_INTEGER, so the bound itself is checked exactly.
 */
export function orderTotal(order: { items: readonly { quantity: number; unitPrice: number }[] }): number {
  return order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}

/** Items in a fixed order, so transactions touching several stock rows lock them alike and cannot deadlock. */
export function bySku<T extends { sku: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
