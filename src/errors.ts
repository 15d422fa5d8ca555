/**
 * Business rejections: the saga cannot go on, retrying will not help, and the
 * completed steps are compensated. Activities throw them as non-retryable
 * ApplicationFailures with one of these types; anything else is an infrastructure
 * error and is retried.
 */
export const BUSINESS_REJECTIONS = {
  OUT_OF_STOCK: 'OutOfStock',
  UNKNOWN_SKU: 'UnknownSku',
  PAYMENT_DECLINED: 'PaymentDeclined',
  UNKNOWN_CUSTOMER: 'UnknownCustomer',
  ADDRESS_UNDELIVERABLE: 'AddressUndeliverable',
} as const;

export type BusinessRejection = (typeof BUSINESS_REJECTIONS)[keyof typeof BUSINESS_REJECTIONS];

export const BUSINESS_REJECTION_TYPES: readonly string[] = Object.values(BUSINESS_REJECTIONS);
