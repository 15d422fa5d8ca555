import type { Database } from '../db/prisma';
import type { Logger } from '../logger';

export interface UnsellableCatalog {
  productsWithoutPrice: number;
  customersWithoutCurrency: number;
}

/**
 * Products without a price and customers without a currency (rows from before prices came
 * from the catalog) make every order for them end cancelled: said once at start, so an
 * upgraded database is not discovered one cancelled order at a time.
 */
export async function warnAboutUnsellableCatalog(db: Database, log: Logger): Promise<UnsellableCatalog> {
  const [productsWithoutPrice, customersWithoutCurrency] = await Promise.all([
    db.product.count({ where: { price: null } }),
    db.customer.count({ where: { currency: null } }),
  ]);
  if (productsWithoutPrice > 0 || customersWithoutCurrency > 0)
    log.warn(
      { productsWithoutPrice, customersWithoutCurrency },
      'orders for products without a price (PriceMismatch) or customers without a currency (CurrencyMismatch) will be cancelled; set product.price/currency and customer.currency',
    );
  return { productsWithoutPrice, customersWithoutCurrency };
}
