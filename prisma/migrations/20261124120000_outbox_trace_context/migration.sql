-- The W3C trace context (traceparent, tracestate) of the transaction that wrote the event;
-- the relay publishes the event with it. Rows written before tracing have none.
ALTER TABLE "outbox_event" ADD COLUMN "trace_context" JSONB;
