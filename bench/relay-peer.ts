import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  DatabaseSetup,
  getDefaultLogger,
  getDisabledLogger,
  initializeMessageStorage,
  initializePollingMessageListener,
  type PollingListenerConfig,
  type TransactionalMessage,
} from 'pg-transactional-outbox';
import type { Config } from '../src/config';
import { createKafka, createReliableProducer } from '../src/kafka/client';
import type { Logger } from '../src/logger';
import { outboxEventId, outboxCloudEvent, type OutboxEventInput } from '../src/outbox/write/append';
import { toKafkaMessage } from '../src/outbox/relay/kafka-message';
import type { RelayContender } from './relay-contender';

const SCHEMA = 'bench_peer';

/**
 * The `pg-transactional-outbox` package's polling listener (its logical-replication
 * listener needs wal_level=logical and a replication role) in its own table and schema,
 * publishing the same CloudEvents with the same producer settings as our relay role.
 * segment = order id gives it the same per-order ordering guarantee as ours.
 */
export async function peerRelay(
  config: Config,
  log: Logger,
  settings: { batchSize: number; pollMs: number },
): Promise<RelayContender> {
  const run = randomUUID().slice(0, 8);
  const table = `outbox_${run}`;
  const nextMessagesName = `next_outbox_messages_${run}`;
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  const setup = {
    outboxOrInbox: 'outbox' as const,
    database: '',
    schema: SCHEMA,
    table,
    listenerRole: '',
    nextMessagesName,
  };
  await pool.query(DatabaseSetup.dropAndCreateTable(setup));
  await pool.query(DatabaseSetup.createPollingFunction(setup));
  await pool.query(DatabaseSetup.setupPollingIndexes(setup));
  const listenerConfig: PollingListenerConfig = {
    outboxOrInbox: 'outbox',
    dbListenerConfig: { connectionString: config.databaseUrl },
    settings: {
      dbSchema: SCHEMA,
      dbTable: table,
      nextMessagesFunctionSchema: SCHEMA,
      nextMessagesFunctionName: nextMessagesName,
      nextMessagesBatchSize: settings.batchSize,
      nextMessagesPollingIntervalInMs: settings.pollMs,
      messageCleanupIntervalInMs: 0,
      enableMaxAttemptsProtection: false,
      enablePoisonousMessageProtection: false,
    },
  };
  const logger = process.env.BENCH_PEER_DEBUG ? getDefaultLogger('peer') : getDisabledLogger();
  const store = initializeMessageStorage(listenerConfig, logger);
  const toMessage = (event: OutboxEventInput & { id?: string }): TransactionalMessage => ({
    id: outboxEventId(event.orderId, event.type),
    aggregateType: 'order',
    aggregateId: event.orderId,
    messageType: event.type,
    segment: event.orderId,
    concurrency: 'sequential',
    payload: outboxCloudEvent(event),
    metadata: { topic: event.topic },
  });
  const producer = createReliableProducer(createKafka(config, log, 'bench-peer'));
  await producer.connect();
  return {
    name: 'pg-transactional-outbox (polling)',
    settings: { batchSize: settings.batchSize, pollIntervalMs: settings.pollMs, wakeUp: 'polling only' },
    async insertBulk(events) {
      for (let start = 0; start < events.length; start += 1_000) {
        const rows = events.slice(start, start + 1_000).map(toMessage);
        await pool.query(
          `INSERT INTO ${SCHEMA}.${table} (id, aggregate_type, aggregate_id, message_type, segment, payload, metadata)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])`,
          [
            rows.map((r) => r.id),
            rows.map((r) => r.aggregateType),
            rows.map((r) => r.aggregateId),
            rows.map((r) => r.messageType),
            rows.map((r) => r.segment),
            rows.map((r) => JSON.stringify(r.payload)),
            rows.map((r) => JSON.stringify(r.metadata)),
          ],
        );
      }
    },
    async insertTransaction(events) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const event of events) await store(toMessage(event), client);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async discardPending() {
      await pool.query(`DELETE FROM ${SCHEMA}.${table} WHERE processed_at IS NULL`);
    },
    async start() {
      const [shutdown] = initializePollingMessageListener(
        listenerConfig,
        {
          handle: async (message) => {
            await producer.send({
              topic: String(message.metadata?.topic),
              acks: -1,
              messages: [
                toKafkaMessage({
                  id: message.id,
                  sequence: 0n,
                  aggregate_id: message.aggregateId,
                  topic: String(message.metadata?.topic),
                  payload: message.payload as Record<string, unknown>,
                }),
              ],
            });
          },
        },
        logger,
      );
      return shutdown;
    },
    async close() {
      await producer.disconnect();
      await pool.query(`DROP TABLE IF EXISTS ${SCHEMA}.${table} CASCADE`);
      await pool.query(`DROP FUNCTION IF EXISTS ${SCHEMA}.${nextMessagesName}(integer, integer)`);
      await pool.end();
    },
  };
}
