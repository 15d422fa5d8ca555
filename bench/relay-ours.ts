import type { Config } from '../src/config';
import type { Database } from '../src/db/prisma';
import type { Logger } from '../src/logger';
import { appendOutboxEvents, type OutboxEventInput } from '../src/outbox/write/append';
import { createOutboxNotifier } from '../src/outbox/wake-up/commit-notifications';
import { createRoleContext } from '../src/roles/context';
import { startRelayRole } from '../src/roles/relay';
import type { RelayContender } from './relay-contender';

/**
 * The service's own relay role, fed rows through `appendOutboxEvents` in the shared
 * outbox_event table, woken by the after-commit NOTIFY a worker sends when
 * no relay runs in its own process.
 */
export function ourRelay(config: Config, db: Database, log: Logger): RelayContender {
  const notifier = createOutboxNotifier(config.databaseUrl, log);
  const append = async (events: OutboxEventInput[]) => {
    await db.$transaction((tx) => appendOutboxEvents(tx, events));
    notifier.notify();
  };
  return {
    name: 'saga-orchestrator relay',
    settings: {
      batchSize: config.relay.batchSize,
      pollIntervalMs: config.relay.pollIntervalMs,
      wakeUp: 'LISTEN/NOTIFY',
    },
    async insertBulk(events) {
      for (let start = 0; start < events.length; start += 1_000) {
        await db.$transaction((tx) => appendOutboxEvents(tx, events.slice(start, start + 1_000)));
      }
    },
    insertTransaction: append,
    async discardPending(topic) {
      await db.outboxEvent.deleteMany({ where: { topic, publishedAt: null } });
    },
    // The rows come from outside the relay's process here, so they announce themselves by NOTIFY.
    start: () => startRelayRole(createRoleContext(config, log, db)),
    close: () => notifier.close(),
  };
}
