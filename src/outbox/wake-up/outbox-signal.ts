import type { Logger } from '../../logger';
import { createOutboxNotifier } from './commit-notifications';

/** Says that outbox rows were committed, to whichever relays can act on it soonest. */
export interface OutboxSignal {
  committed(): void;
  /** A relay in this process listens here; returns the function that stops listening. */
  onCommitted(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * A relay in the same process is woken directly, at no cost to the database; only when
 * there is none does a commit become a NOTIFY (its own transaction) for relays in other
 * processes. Either way every relay also polls, so nothing waits longer than its poll
 * interval.
 */
export function createOutboxSignal(databaseUrl: string, log: Logger): OutboxSignal {
  const listeners = new Set<() => void>();
  let notifier: ReturnType<typeof createOutboxNotifier> | undefined;
  return {
    committed() {
      if (listeners.size > 0) listeners.forEach((listener) => listener());
      else (notifier ??= createOutboxNotifier(databaseUrl, log)).notify();
    },
    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await notifier?.close();
    },
  };
}
