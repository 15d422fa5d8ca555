import { BUSINESS_REJECTIONS } from '../contract/errors';
import type { Tx } from '../src/outbox/write/transaction';
import { businessRejection } from './rejection';

/**
 * The customer's credit still available for an order in `currency`, with the customer's
 * row locked so that two orders cannot spend the same credit. Amounts are compared in one
 * currency only: an order in another currency than the credit, or open authorizations in
 * another one, are refused, never converted.
 */
export async function availableCredit(
  tx: Tx,
  ref: { orderId: string; customerId: string; currency: string },
): Promise<number> {
  const { orderId, customerId, currency } = ref;
  const [customer] = await tx.$queryRaw<{ credit_limit: number; currency: string | null }[]>`
    SELECT credit_limit, currency FROM customer WHERE id = ${customerId} FOR UPDATE`;
  if (!customer) {
    throw businessRejection(`Unknown customer ${customerId}`, BUSINESS_REJECTIONS.UNKNOWN_CUSTOMER, {
      orderId,
      customerId,
    });
  }
  const open = await tx.$queryRaw<{ currency: string; amount: number }[]>`
    SELECT currency, sum(amount)::float8 AS amount FROM payment_authorization
    WHERE customer_id = ${customerId} AND status IN ('AUTHORIZED', 'CAPTURED')
    GROUP BY currency`;
  const currencies = [...new Set([currency, ...open.map((sum) => sum.currency)])];
  if (customer.currency === null || currencies.some((other) => other !== customer.currency)) {
    throw businessRejection(
      `Currency mismatch: customer ${customerId}'s credit is in ${customer.currency ?? 'no currency'}, ` +
        `the order and its open payments in ${currencies.join(', ')}`,
      BUSINESS_REJECTIONS.CURRENCY_MISMATCH,
      { orderId, customerId, creditCurrency: customer.currency, currencies },
    );
  }
  return customer.credit_limit - (open[0]?.amount ?? 0);
}
