-- CreateTable
CREATE TABLE "undeliverable_dead_letter" (
    "source_topic" TEXT NOT NULL,
    "source_partition" INTEGER NOT NULL,
    "source_offset" BIGINT NOT NULL,
    "key" BYTEA,
    "value" BYTEA,
    "headers" JSONB NOT NULL,
    "error" TEXT NOT NULL,
    "error_message" TEXT NOT NULL,
    "delivery_error" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "undeliverable_dead_letter_pkey" PRIMARY KEY ("source_topic","source_partition","source_offset")
);
