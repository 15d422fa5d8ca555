-- Where the relay published each outbox row, recorded when Kafka acknowledged it (lineage).
ALTER TABLE "outbox_event" ADD COLUMN "published_partition" INTEGER;
ALTER TABLE "outbox_event" ADD COLUMN "published_offset" BIGINT;

-- Every dead letter an operator sent back to the commands topic, so none is sent twice by accident.
CREATE TABLE "dead_letter_redrive" (
    "id" UUID NOT NULL,
    "dead_letter" TEXT NOT NULL,
    "order_id" TEXT,
    "event_id" TEXT,
    "error" TEXT NOT NULL,
    "target_topic" TEXT NOT NULL,
    "target_partition" INTEGER NOT NULL,
    "target_offset" BIGINT NOT NULL,
    "forced" BOOLEAN NOT NULL DEFAULT false,
    "redriven_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letter_redrive_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "dead_letter_redrive_dead_letter_idx" ON "dead_letter_redrive"("dead_letter");
CREATE INDEX "dead_letter_redrive_order_id_idx" ON "dead_letter_redrive"("order_id");
