import { Client, Connection } from '@temporalio/client';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Config } from '../config';
import { createDatabase, type Database } from '../db/prisma';
import { createKafka, createReliableProducer } from '../kafka/client';
import type { Logger } from '../logger';
import { UnreachableError } from './exit-codes';

/** The servers a command talks to, each connected on first use and closed once at the end. */
export interface Connections {
  config: Config;
  log: Logger;
  db(): Promise<Database>;
  temporal(): Promise<Client>;
  kafka(): Kafka;
  admin(): Promise<Admin>;
  producer(): Promise<Producer>;
  close(): Promise<void>;
}

/** A few quick attempts: an operator wants to hear that a server is down, not wait for it. */
const CLI_KAFKA = { connectionTimeout: 3_000, retry: { retries: 2, initialRetryTime: 300 } };

function once<T>(open: () => Promise<T>) {
  let opened: Promise<T> | undefined;
  return { get: () => (opened ??= open()), opened: () => opened };
}

export function openConnections(config: Config, log: Logger): Connections {
  const reach = async <T>(service: UnreachableError['service'], address: string, open: () => Promise<T>) => {
    try {
      return await open();
    } catch (error) {
      throw new UnreachableError(service, address, error);
    }
  };
  const database = once(() =>
    reach('PostgreSQL', new URL(config.databaseUrl).host, async () => {
      const db = createDatabase(config.databaseUrl, { max: 4, log });
      await db.$queryRaw`SELECT 1`;
      return db;
    }),
  );
  const connection = once(() =>
    reach('Temporal', config.temporal.address, () =>
      Connection.connect({ address: config.temporal.address, connectTimeout: 5_000 }),
    ),
  );
  let kafka: Kafka | undefined;
  const getKafka = () => (kafka ??= createKafka(config, log, 'cli', CLI_KAFKA));
  const brokers = config.kafka.brokers.join(',');
  const admin = once(() =>
    reach('Kafka', brokers, async () => {
      const client = getKafka().admin();
      await client.connect();
      await client.fetchTopicMetadata({ topics: [] });
      return client;
    }),
  );
  const producer = once(() =>
    reach('Kafka', brokers, async () => {
      const client = createReliableProducer(getKafka());
      await client.connect();
      return client;
    }),
  );
  return {
    config,
    log,
    db: database.get,
    temporal: async () =>
      new Client({ connection: await connection.get(), namespace: config.temporal.namespace }),
    kafka: getKafka,
    admin: admin.get,
    producer: producer.get,
    async close() {
      const quietly = async <T>(opened: Promise<T> | undefined, close: (value: T) => Promise<void>) =>
        opened?.then(close, () => undefined).catch(() => undefined);
      await quietly(producer.opened(), (p) => p.disconnect());
      await quietly(admin.opened(), (a) => a.disconnect());
      await quietly(connection.opened(), (c) => c.close());
      await quietly(database.opened(), (d) => d.$disconnect());
    },
  };
}
