import pg from 'pg';
import type { Logger } from '../../logger';
import type { StopFunction } from '../../roles/role';

export const OUTBOX_CHANNEL = 'outbox_event';

const RECONNECT_FIRST_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Tells relays that outbox rows were committed. Sent after the business transaction,
 * on its own connection: a NOTIFY inside the business transaction would take
 * PostgreSQL's global notify lock in every business commit. Bursts are coalesced.
 */
export function createOutboxNotifier(databaseUrl: string, log: Logger) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // An idle connection that PostgreSQL drops (a restart) is reported here; without a
  // listener the pool's 'error' event would end the process.
  pool.on('error', (error) => log.warn({ err: error.message }, 'outbox notifier lost its connection'));
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

/**
 * Calls `onCommit` whenever a notifier announces new outbox rows. A lost connection is
 * reopened with backoff for as long as it takes; relays poll in the meantime.
 */
export async function listenForOutboxCommits(
  databaseUrl: string,
  onCommit: () => void,
  log: Logger,
): Promise<StopFunction> {
  let current: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = RECONNECT_FIRST_MS;

  const open = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', onCommit);
    client.on('error', (error) => lost(client, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (stopped) return void (await client.end().catch(() => undefined));
    current = client;
    delay = RECONNECT_FIRST_MS;
    onCommit(); // rows may have been committed while no one was listening
  };
  const reopenLater = () => {
    if (stopped) return;
    retry = setTimeout(() => {
      open().catch((error: Error) => {
        log.debug({ err: error.message, retryInMs: delay }, 'outbox listener could not reconnect yet');
        delay = Math.min(delay * 2, RECONNECT_MAX_MS);
        reopenLater();
      });
    }, delay);
  };
  function lost(client: pg.Client, error: Error) {
    if (client !== current) return; // a connection being opened reports through open()
    current = undefined;
    log.warn({ err: error.message }, 'outbox listener lost its connection; polling until it is back');
    void client.end().catch(() => undefined);
    reopenLater();
  }

  await open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await current?.end().catch(() => undefined);
  };
}
