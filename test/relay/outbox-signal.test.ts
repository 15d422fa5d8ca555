import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { OUTBOX_CHANNEL } from '../../src/outbox/wake-up/commit-notifications';
import { createOutboxSignal } from '../../src/outbox/wake-up/outbox-signal';
import { waitFor } from '../support/wait-for';

const { databaseUrl } = getConfig();

describe('the outbox signal', () => {
  const listener = new pg.Client({ connectionString: databaseUrl });
  let notifications = 0;
  beforeAll(async () => {
    await listener.connect();
    listener.on('notification', () => notifications++);
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  });
  afterAll(() => listener.end());

  it('wakes a relay of the same process directly, without a NOTIFY', async () => {
    const signal = createOutboxSignal(databaseUrl, createLogger('silent'));
    let woken = 0;
    const stop = signal.onCommitted(() => woken++);
    const before = notifications;
    signal.committed();
    signal.committed();
    // A NOTIFY sent now would arrive before the one this test sends next.
    await listener.query(`NOTIFY ${OUTBOX_CHANNEL}, 'marker'`);
    await waitFor('the marker notification', () => notifications > before);
    expect(woken).toBe(2);
    expect(notifications - before).toBe(1);
    stop();
    await signal.close();
  });

  it('announces commits to relays in other processes by NOTIFY when none runs here', async () => {
    const signal = createOutboxSignal(databaseUrl, createLogger('silent'));
    const before = notifications;
    signal.committed();
    await waitFor('a notification', () => notifications > before);
    await signal.close();
  });
});
