import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND_TYPES } from '../../contract/events';
import { tokenFor } from '../../dev/auth/dev-token';
import { commandMessage } from '../../dev/kafka/commands';
import { repoRoot } from '../../dev/infra/paths';
import { isolatedCopy } from '../../dev/isolated-config';
import { createPrivateCatalog, sampleOrder } from '../../dev/sample-data';
import { getConfig, type Config } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/prisma';
import { createReliableProducer } from '../../src/kafka/client';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { startRoleProcess, type RoleProcess } from '../../dev/role-process';
import { freePort } from '../../dev/free-port';
import { readTopics } from '../support/topic-reader';

/** The container's entry point and each role's command, read from the files Docker uses. */
const entrypoint = JSON.parse(
  /^ENTRYPOINT (.+)$/m.exec(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'))![1]!,
) as string[];
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command: string[] }>;
};
const ROLES = ['worker', 'api', 'ingress', 'relay'];

/** The variables docker-compose.yml sets, pointed at the local servers and at fresh names. */
function containerEnv(config: Config, httpPort: number): NodeJS.ProcessEnv {
  const { topics } = config.kafka;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info',
    HTTP_PORT: String(httpPort),
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
    KAFKA_BROKERS: config.kafka.brokers.join(','),
    KAFKA_CLIENT_ID: config.kafka.clientId,
    KAFKA_COMMANDS_TOPIC: topics.commands,
    KAFKA_ORDERS_EVENTS_TOPIC: topics.orders,
    KAFKA_INVENTORY_EVENTS_TOPIC: topics.inventory,
    KAFKA_PAYMENTS_EVENTS_TOPIC: topics.payments,
    KAFKA_SHIPPING_EVENTS_TOPIC: topics.shipping,
    DATABASE_URL: config.databaseUrl,
    ...(config.auth.mode === 'secret' && { AUTH_JWT_SECRET: config.auth.secret }),
  };
}

async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const base = getConfig();
const database = `saga_containers_${randomUUID().slice(0, 8)}`;
const url = new URL(base.databaseUrl);
url.pathname = `/${database}`;
const config: Config = { ...isolatedCopy(base, 'containers'), databaseUrl: url.toString() };
const processes: RoleProcess[] = [];
let apiPort: number;
let db: Database;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  await onServer(base.databaseUrl, `CREATE DATABASE "${database}"`);
  for (const role of ROLES) {
    const port = await freePort();
    if (role === 'api') apiPort = port;
    const command = [...entrypoint, ...compose.services[role]!.command];
    processes.push(startRoleProcess(role, command, containerEnv(config, port)));
  }
  // All four start at once against an empty database and topics that do not exist yet.
  await Promise.all(processes.map((p) => p.running));
  db = createDatabase(config.databaseUrl);
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await db?.$disconnect();
  await connection?.close();
  await onServer(base.databaseUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

describe('the roles started as the containers start them', () => {
  it('prepare a fresh database and fresh topics themselves, then run sagas from both doors to completion', async () => {
    const { sku, payer, price } = await createPrivateCatalog(db, 'containers');
    const order = (n: number) =>
      sampleOrder({
        orderId: `containers-${randomUUID()}-${n}`,
        customerId: payer,
        items: [{ sku, quantity: 1, unitPrice: price }],
      });
    const events = await readTopics([config.kafka.topics.orders]);
    try {
      const overRest = order(1);
      const response = await fetch(`http://127.0.0.1:${apiPort}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenFor(config, { scopes: ['orders:write'] })}`,
        },
        body: JSON.stringify(overRest),
      });
      expect(response.status).toBe(202);

      const overKafka = order(2);
      const producer = createReliableProducer(
        new Kafka({ clientId: 'containers-test', brokers: config.kafka.brokers, logLevel: logLevel.NOTHING }),
      );
      await producer.connect();
      await producer.send({
        topic: config.kafka.topics.commands,
        acks: -1,
        messages: [commandMessage(COMMAND_TYPES.orderPlaced, overKafka.orderId, overKafka)],
      });
      await producer.disconnect();

      for (const { orderId } of [overRest, overKafka]) {
        expect(await awaitOutcome(client, orderId)).toMatchObject({ status: 'COMPLETED' });
      }
      const confirmed = await events.until('both confirmations on the orders topic', (all) =>
        [overRest, overKafka].every((o) =>
          all.some((m) => m.key === o.orderId && m.headers.ce_type === 'orders.order.confirmed'),
        ),
      );
      expect(confirmed.length).toBeGreaterThanOrEqual(2);
      expect(await db.order.count({ where: { status: 'CONFIRMED' } })).toBe(2);
    } finally {
      await events.stop();
    }
    const exitCodes = await Promise.all(processes.map((p) => p.stop()));
    expect(exitCodes).toEqual([0, 0, 0, 0]);
  }, 120_000);
});
