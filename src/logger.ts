import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger };

/** The trace and span a line was written in, so a log search leads to the trace and back. */
function activeTrace(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * Structured JSON logs (to stdout unless `destination` says otherwise); child loggers
 * carry orderId/workflowId on every line, and a line written inside a span its trace_id
 * and span_id.
 */
/**
 * Where personal data or credentials would sit in what the service logs: an order's
 * address (with the customer's name) and a request's Authorization header. Log lines
 * name orders and sagas by id instead; these paths are a safety net, not a licence.
 */
export const REDACTED_PATHS = [
  'shippingAddress',
  '*.shippingAddress',
  '*.*.shippingAddress',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
];

export function createLogger(
  level: string,
  name = 'saga-orchestrator',
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    { name, level, base: { pid: process.pid }, mixin: activeTrace, redact: REDACTED_PATHS },
    destination,
  );
}
