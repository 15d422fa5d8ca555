import pg from 'pg';
import type { Logger } from '../../logger';

export const OUTBOX_CHANNEL = 'outbox_event';

/**
 * Tells relays that outbox rows were committed. Sent after the business transaction,
 * on its own connection: a NOTIFY inside the business transaction would take
 * PostgreSQL's global notify lock in every business commit. Bursts are coalesced.
 */
export function createOutboxNotifier(databaseUrl: string, log: Logger) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let inFlight = false;
  let again = false;
  const send = async () => {
    inFlight = true;
    do {
      again = false;
      await pool.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch((error: Error) => {
        log.debug({ err: error.message }, 'outbox notify failed; relays fall back to polling');
      });
    } while (again);
    inFlight = false;
  };
  return {
    notify(): void {
      if (inFlight) again = true;
      else void send();
    },
    close: () => pool.end(),
  };
}

/** Calls `onCommit` whenever a notifier announces new outbox rows; reconnects after errors. */
export async function listenForOutboxCommits(databaseUrl: string, onCommit: () => void, log: Logger) {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', onCommit);
    next.on('error', (error) => {
      log.warn({ err: error.message }, 'outbox listener lost its connection; polling until it is back');
      void next.end().catch(() => undefined);
      if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1_000);
    });
    await next.connect();
    await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
    client = next;
    onCommit(); // rows may have been committed while no one was listening
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
