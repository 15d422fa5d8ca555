import type { ShippingAddress } from '../contract/order';

/** Countries the carrier delivers to. */
export const SUPPORTED_COUNTRIES: readonly string[] = [
  'AT',
  'BE',
  'CA',
  'CH',
  'DE',
  'DK',
  'ES',
  'FI',
  'FR',
  'GB',
  'IE',
  'IT',
  'NL',
  'NO',
  'PL',
  'PT',
  'SE',
  'US',
];

/**
 * The deterministic delivery rule: an address is undeliverable when its country is
 * not supported, or when its postal code is only zeros (e.g. "00000" or "000 00"),
 * the placeholder that forms get when the real code is unknown. Returns why, or
 * undefined when the address is deliverable.
 */
export function addressRejection(address: ShippingAddress): string | undefined {
  if (!SUPPORTED_COUNTRIES.includes(address.country)) {
    return `we do not ship to country ${address.country}`;
  }
  if (/^0+$/.test(address.postalCode.replace(/[\s-]/g, ''))) {
    return `postal code ${address.postalCode} is not a real destination`;
  }
  return undefined;
}
