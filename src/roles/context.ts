import type { Config } from '../config';
import { createDatabase } from '../db/prisma';
import type { Logger } from '../logger';
import { createMetrics } from '../metrics';
import { createOutboxSignal } from '../outbox/wake-up/outbox-signal';
import { DISCARDED_SPANS, type SpanSink } from '../tracing/tracing';
import type { RoleContext } from './role';

/** What the roles of one process share, and how to release it once they have stopped. */
export function createRoleContext(
  config: Config,
  log: Logger,
  db = createDatabase(config.databaseUrl, { log }),
  spans: SpanSink = DISCARDED_SPANS,
): RoleContext & { close(): Promise<void> } {
  const outbox = createOutboxSignal(config.databaseUrl, log);
  return {
    config,
    db,
    log,
    metrics: createMetrics(),
    outbox,
    spans,
    async close() {
      await outbox.close();
      await db.$disconnect();
    },
  };
}
