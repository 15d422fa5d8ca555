-- AlterEnum
ALTER TYPE "order_status" ADD VALUE 'CANCELLING';

-- CreateEnum
CREATE TYPE "fence_source" AS ENUM ('SAGA', 'KAFKA', 'HTTP');

-- CreateTable
CREATE TABLE "order_fence" (
    "order_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" "fence_source" NOT NULL,
    "causation_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_fence_pkey" PRIMARY KEY ("order_id")
);
