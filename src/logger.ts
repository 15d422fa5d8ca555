import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; child loggers carry orderId/workflowId on every line. */
export function createLogger(level: string, name = 'saga-orchestrator'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
