import { z } from 'zod';

/** Money is always an integer number of minor units (cents), never a float. */
export const minorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const orderItemSchema = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.number().int().positive().max(10_000),
  unitPrice: minorUnits,
});

export const shippingAddressSchema = z.object({
  name: z.string().min(1).max(200),
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code'),
});

/** The one input schema of both doors (Kafka `orders.order.placed` and `POST /orders`). */
export const orderInputSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only, at most 64'),
  customerId: z.string().min(1).max(64),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code'),
  items: z
    .array(orderItemSchema)
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((item) => item.sku)).size === items.length, 'each sku at most once'),
  shippingAddress: shippingAddressSchema,
});

export type ShippingAddress = z.infer<typeof shippingAddressSchema>;
export type OrderInput = z.infer<typeof orderInputSchema>;

/** The dedup key of every door: never change its format. */
export function workflowIdFor(orderId: string): string {
  return `order-${orderId}`;
}

export function orderTotal(order: Pick<OrderInput, 'items'>): number {
  return order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}
