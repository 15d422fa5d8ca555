import pino, { type Logger } from 'pino';

export type { Logger };

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

/** Structured JSON logs; child loggers carry orderId/workflowId on every line. */
export function createLogger(
  level: string,
  name = 'saga-orchestrator',
  destination?: pino.DestinationStream,
): Logger {
  const options = { name, level, base: { pid: process.pid }, redact: REDACTED_PATHS };
  return destination ? pino(options, destination) : pino(options);
}
