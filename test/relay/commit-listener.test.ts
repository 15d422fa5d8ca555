import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { listenForOutboxCommits, OUTBOX_CHANNEL } from '../../src/outbox/wake-up/commit-notifications';
import type { StopFunction } from '../../src/roles/role';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { waitFor } from '../support/wait-for';

let postgres: PrivatePostgres;
let stopListening: StopFunction | undefined;

beforeAll(async () => {
  postgres = await startPrivatePostgres(getConfig());
});
afterAll(async () => {
  await stopListening?.();
  await postgres?.remove();
});

/** Accepts the next connection attempt on the stopped server's port and cuts it. */
async function refuseNextConnection(port: number): Promise<void> {
  const server = createServer().listen(port, '127.0.0.1');
  await once(server, 'listening');
  const [socket] = (await once(server, 'connection')) as [Socket];
  socket.destroy();
  await new Promise((resolve) => server.close(resolve));
}

describe('the outbox commit listener', () => {
  it('keeps reconnecting while PostgreSQL is down and hears commits once it is back', async () => {
    let wakeUps = 0;
    stopListening = await listenForOutboxCommits(
      postgres.databaseUrl,
      () => wakeUps++,
      createLogger('silent'),
    );
    const beforeRestart = wakeUps;
    await postgres.stopServer();
    await refuseNextConnection(postgres.port);
    await postgres.startServer();

    // Reconnecting wakes the relay once, for rows committed while no one listened.
    await waitFor('the listener to reconnect', () => wakeUps > beforeRestart);
    const notifier = new pg.Client({ connectionString: postgres.databaseUrl });
    await notifier.connect();
    const beforeNotify = wakeUps;
    await notifier.query(`NOTIFY ${OUTBOX_CHANNEL}`);
    await notifier.end();
    expect(await waitFor('the notification', () => wakeUps > beforeNotify)).toBe(true);
  });
});
