-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('PENDING', 'CONFIRMED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "reservation_status" AS ENUM ('RESERVED', 'RELEASED');

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "ledger_entry_kind" AS ENUM ('AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND');

-- CreateEnum
CREATE TYPE "shipment_status" AS ENUM ('CREATED', 'CANCELLED');

-- CreateTable
CREATE TABLE "order" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "total_amount" INTEGER NOT NULL,
    "status" "order_status" NOT NULL DEFAULT 'PENDING',
    "cancel_reason" TEXT,
    "shipping_address" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_item" (
    "order_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" INTEGER NOT NULL,

    CONSTRAINT "order_item_pkey" PRIMARY KEY ("order_id","sku")
);

-- CreateTable
CREATE TABLE "product" (
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "inventory_reservation" (
    "id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" "reservation_status" NOT NULL DEFAULT 'RESERVED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inventory_reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "credit_limit" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_authorization" (
    "id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'AUTHORIZED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_authorization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_ledger_entry" (
    "id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "authorization_id" UUID NOT NULL,
    "kind" "ledger_entry_kind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipment" (
    "id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "address" JSONB NOT NULL,
    "status" "shipment_status" NOT NULL DEFAULT 'CREATED',
    "tracking_ref" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shipment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "order_customer_id_idx" ON "order"("customer_id");

-- CreateIndex
CREATE INDEX "inventory_reservation_sku_idx" ON "inventory_reservation"("sku");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_reservation_order_id_sku_key" ON "inventory_reservation"("order_id", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "payment_authorization_order_id_key" ON "payment_authorization"("order_id");

-- CreateIndex
CREATE INDEX "payment_authorization_customer_id_status_idx" ON "payment_authorization"("customer_id", "status");

-- CreateIndex
CREATE INDEX "payment_ledger_entry_authorization_id_idx" ON "payment_ledger_entry"("authorization_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_ledger_entry_order_id_kind_key" ON "payment_ledger_entry"("order_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_order_id_key" ON "shipment"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_tracking_ref_key" ON "shipment"("tracking_ref");

-- AddForeignKey
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_reservation" ADD CONSTRAINT "inventory_reservation_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_reservation" ADD CONSTRAINT "inventory_reservation_sku_fkey" FOREIGN KEY ("sku") REFERENCES "product"("sku") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_authorization" ADD CONSTRAINT "payment_authorization_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_authorization" ADD CONSTRAINT "payment_authorization_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_ledger_entry" ADD CONSTRAINT "payment_ledger_entry_authorization_id_fkey" FOREIGN KEY ("authorization_id") REFERENCES "payment_authorization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: Prisma cannot express CHECK constraints. Stock is never oversold and
-- quantities and money are never negative, whatever code path writes them.
ALTER TABLE "product" ADD CONSTRAINT "product_stock_check" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand");
ALTER TABLE "inventory_reservation" ADD CONSTRAINT "inventory_reservation_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "customer" ADD CONSTRAINT "customer_credit_limit_check" CHECK ("credit_limit" >= 0);
ALTER TABLE "payment_authorization" ADD CONSTRAINT "payment_authorization_amount_check" CHECK ("amount" >= 0);
