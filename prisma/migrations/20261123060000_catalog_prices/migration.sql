-- Prices come from the catalog, not from the order: each product has a price and its
-- currency, each customer's credit limit a currency. Nullable because rows created before
-- this migration have no known price or currency: such a product cannot be sold
-- (PriceMismatch) and such a customer cannot pay (CurrencyMismatch) until one is set.

-- AlterTable
ALTER TABLE "product" ADD COLUMN "price" INTEGER,
ADD COLUMN "currency" TEXT;

ALTER TABLE "product" ADD CONSTRAINT "product_price_check"
    CHECK ((price IS NULL) = (currency IS NULL) AND price >= 0 AND currency ~ '^[A-Z]{3}$');

-- AlterTable
ALTER TABLE "customer" ADD COLUMN "currency" TEXT;

ALTER TABLE "customer" ADD CONSTRAINT "customer_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
