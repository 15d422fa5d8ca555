import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateCatalog, sampleOrder } from '../../dev/sample-data';
import { isolatedConfig } from '../../dev/isolated-config';
import { getConfig, type Config } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/prisma';
import type { Role } from '../../src/roles/role';
import { awaitOutcome, startSaga } from '../../src/temporal/saga-client';
import { freePorts } from '../../dev/free-port';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { readTopics } from '../support/topic-reader';

const ROLES: Role[] = ['worker', 'worker', 'relay', 'relay'];

let postgres: PrivatePostgres;
let config: Config;
let db: Database;
let connection: Connection;
let client: Client;
let catalog: Awaited<ReturnType<typeof createPrivateCatalog>>;
const processes: ServiceProcess[] = [];

const order = () =>
  sampleOrder({
    orderId: `pg-restart-${randomUUID()}`,
    customerId: catalog.payer,
    items: [{ sku: catalog.sku, quantity: 1, unitPrice: catalog.price }],
  });

/** Rejects as soon as one of the processes exits, with what it wrote last. */
function anyExit(): Promise<never> {
  const exit = new Promise<never>((_, reject) => {
    for (const service of processes) {
      service.child.once('exit', (code, signal) =>
        reject(
          new Error(
            `a ${service.role} process exited (${signal ?? code}):\n${service.output().slice(-3_000)}`,
          ),
        ),
      );
    }
  });
  exit.catch(() => undefined); // it may reject before a race awaits it; the races still see it
  return exit;
}

beforeAll(async () => {
  postgres = await startPrivatePostgres(getConfig());
  const isolated = await isolatedConfig(getConfig(), 'pg-restart');
  config = { ...isolated, databaseUrl: postgres.databaseUrl };
  db = createDatabase(config.databaseUrl);
  catalog = await createPrivateCatalog(db, 'pg-restart');
  const ports = await freePorts(ROLES.length);
  processes.push(
    ...(await Promise.all(
      ROLES.map((role, i) => startServiceProcess(role, { ...config, http: { port: ports[i]! } })),
    )),
  );
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
});

afterAll(async () => {
  await Promise.all(processes.map((service) => service.stop()));
  await connection?.close();
  await db?.$disconnect();
  await postgres?.remove();
});

describe('worker and relay processes during a PostgreSQL restart', () => {
  it('stay alive, and a saga started after the restart completes and its events are published', async () => {
    // Sagas just before the restart leave open connections in every process's pools.
    const before = [order(), order(), order(), order()];
    await Promise.all(before.map((placed) => startSaga(client, config, placed, 'before-restart')));
    for (const placed of before)
      expect(await awaitOutcome(client, placed.orderId)).toMatchObject({ status: 'COMPLETED' });
    const exited = anyExit();

    await postgres.restart();
    const after = order();
    await startSaga(client, config, after, 'after-restart');

    expect(await Promise.race([awaitOutcome(client, after.orderId), exited])).toMatchObject({
      status: 'COMPLETED',
    });
    const reader = await readTopics([config.kafka.topics.orders]);
    await Promise.race([
      reader.until('the confirmation of the order placed after the restart', (all) =>
        all.some((m) => m.key === after.orderId && m.headers.ce_type === 'orders.order.confirmed'),
      ),
      exited,
    ]).finally(() => reader.stop());
    expect(processes.filter((service) => !service.alive()).map((service) => service.role)).toEqual([]);
  }, 180_000);
});
