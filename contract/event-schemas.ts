import { z } from 'zod';
import type { SchemaVersion } from './dataschema';
import { EVENT_TYPES, type EventType } from './events';
import { currencyCode, orderInputSchema, orderItemSchema, shippingAddressSchema } from './order';

/**
 * The data of every event the service emits, one schema per type and version. Consumers
 * build on these shapes: a change that could break one needs a new version (see the
 * compatibility check of the published schemas), never an edit of a published one.
 */
const { orderId, customerId } = orderInputSchema.shape;
/** Events state the currency of an amount; the order's own rule for it does not apply here. */
const currency = currencyCode;
const reason = z.string().describe('why the saga undid this step: the rejection or the cancel reason');
/**
 * Amounts in minor units as v1 promises them: any integer JSON carries exactly. What the
 * service emits is never above the largest amount it stores (MAX_AMOUNT in order.ts).
 */
const minorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const items = z.array(orderItemSchema.pick({ sku: true, quantity: true })).min(1);

const payment = z.object({
  orderId,
  authorizationId: z.uuid(),
  customerId,
  amount: minorUnits.describe('the whole order total, in minor units of the currency'),
  currency,
});
const shipment = {
  orderId,
  shipmentId: z.uuid(),
  trackingRef: z.string().regex(/^SO[0-9A-F]{16}$/),
};

export const EVENT_SCHEMAS = {
  [EVENT_TYPES.stockReserved]: {
    v1: z.object({ orderId, items }).describe('Stock is reserved for every item of the order, in sku order.'),
  },
  [EVENT_TYPES.stockReleased]: {
    v1: z
      .object({ orderId, reason, items })
      .describe("The order's reserved stock is available again, in sku order."),
  },
  [EVENT_TYPES.paymentAuthorized]: {
    v1: payment.describe("The order total is authorized against the customer's credit."),
  },
  [EVENT_TYPES.paymentCaptured]: {
    v1: payment.describe('The authorized amount is captured: the customer is charged.'),
  },
  [EVENT_TYPES.paymentVoided]: {
    v1: payment.extend({ reason }).describe('The authorization is voided before any capture.'),
  },
  [EVENT_TYPES.paymentRefunded]: {
    v1: payment.extend({ reason }).describe('The captured amount is refunded.'),
  },
  [EVENT_TYPES.shipmentCreated]: {
    v1: z
      .object({ ...shipment, address: shippingAddressSchema })
      .describe('The address was accepted and the shipment created.'),
  },
  [EVENT_TYPES.shipmentCancelled]: {
    v1: z.object({ ...shipment, reason }).describe('The shipment is cancelled before it left.'),
  },
  [EVENT_TYPES.orderConfirmed]: {
    v1: z
      .object({
        orderId,
        customerId,
        totalAmount: minorUnits,
        currency,
        capturedAmount: minorUnits,
      })
      .describe('The order is final: paid, shipped and its stock taken out of stock.'),
  },
  [EVENT_TYPES.orderCancelled]: {
    v1: z
      .object({ orderId, customerId, reason })
      .describe('The order is cancelled and every step it had taken is undone.'),
  },
} as const satisfies Record<EventType, Partial<Record<SchemaVersion, z.ZodType>>>;

/** The version of its schema every event is emitted in. */
export const EMITTED_VERSION = 'v1' satisfies SchemaVersion;

/** The data an event of type `T` carries when the service emits it. */
export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T][typeof EMITTED_VERSION]>;
