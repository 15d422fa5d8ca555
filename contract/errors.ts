/**
 * Every failure type an activity reports to the saga. All of them are final: the
 * activity throws them as non-retryable ApplicationFailures, so the saga compensates at
 * once instead of retrying. Anything else an activity throws is an infrastructure error
 * and is retried.
 */

/** The business said no: nothing is wrong with the service, the order cannot go on. */
export const BUSINESS_REJECTIONS = {
  OUT_OF_STOCK: 'OutOfStock',
  UNKNOWN_SKU: 'UnknownSku',
  PAYMENT_DECLINED: 'PaymentDeclined',
  UNKNOWN_CUSTOMER: 'UnknownCustomer',
  ADDRESS_UNDELIVERABLE: 'AddressUndeliverable',
  /** An order line's unit price or currency is not the catalog's (or the product has no price). */
  PRICE_MISMATCH: 'PriceMismatch',
  /** The order is in another currency than the customer's credit, which is never converted. */
  CURRENCY_MISMATCH: 'CurrencyMismatch',
} as const;

/**
 * A step ran against an order in the wrong state, or with data the database refuses
 * (an amount out of range, a violated constraint): retrying cannot fix either.
 */
export const SAGA_STATE_ERRORS = {
  ORDER_CANCELLED: 'OrderCancelled',
  ORDER_NOT_FOUND: 'OrderNotFound',
  PAYMENT_NOT_AUTHORIZED: 'PaymentNotAuthorized',
  INVALID_ORDER_DATA: 'InvalidOrderData',
} as const;

/** Listed in the forward steps' retry policy (activities also mark every type above non-retryable). */
export const BUSINESS_REJECTION_TYPES: readonly string[] = Object.values(BUSINESS_REJECTIONS);
