/**
 * The CloudEvent types on the wire: `<domain>.<entity>.<action>`, past tense for what
 * happened. Consumers build on these names; never rename one.
 */

/** Commands the ingress accepts on the commands topic. */
export const COMMAND_TYPES = {
  orderPlaced: 'orders.order.placed',
  cancelRequested: 'orders.order.cancel-requested',
} as const;

/** Every event the saga's activities emit through the outbox. */
export const EVENT_TYPES = {
  orderConfirmed: 'orders.order.confirmed',
  orderCancelled: 'orders.order.cancelled',
  stockReserved: 'inventory.stock.reserved',
  stockReleased: 'inventory.stock.released',
  paymentAuthorized: 'payments.payment.authorized',
  paymentCaptured: 'payments.payment.captured',
  paymentVoided: 'payments.payment.voided',
  paymentRefunded: 'payments.payment.refunded',
  shipmentCreated: 'shipping.shipment.created',
  shipmentCancelled: 'shipping.shipment.cancelled',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
