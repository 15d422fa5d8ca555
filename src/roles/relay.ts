import { Client, Connection } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import { createKafka, createReliableProducer } from '../kafka/client';
import { partitionCountsFrom } from '../kafka/partitions';
import { startReconciler } from '../operator/reconcile/scheduler';
import { startRelay } from '../outbox/relay/relay';
import type { RoleContext, StopFunction } from './role';

/** The outbox relay with its own idempotent producer (acks=all, one request in flight keeps order). */
export async function startRelayRole(context: RoleContext): Promise<StopFunction> {
  const { config, log, outbox } = context;
  const kafka = createKafka(config, log, 'relay');
  const producer = createReliableProducer(kafka);
  const admin = kafka.admin();
  await producer.connect();
  await admin.connect();
  const partitionCount = partitionCountsFrom(admin);
  const stopRelay = await startRelay({ ...context, producer, partitionCount, localCommits: outbox });
  log.info({ batchSize: config.relay.batchSize }, 'outbox relay running');
  const stopReconciler = scheduleReconciler(context, admin);
  return async () => {
    await stopReconciler();
    await stopRelay();
    await admin.disconnect();
    await producer.disconnect();
  };
}

/** The scheduled reconciler runs beside the relay, which already reads the outbox and Kafka. */
function scheduleReconciler(context: RoleContext, admin: Admin): StopFunction {
  const { config, db, log, metrics } = context;
  const { intervalMs, maxSagas, outboxMaxAgeSeconds } = config.reconcile;
  if (intervalMs === 0) return async () => undefined;
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const stop = startReconciler({
    deps: { db, client, namespace: config.temporal.namespace, admin },
    scope: { maxSagas, outboxMaxAgeSeconds },
    intervalMs,
    metrics,
    log: log.child({ component: 'reconciler' }),
  });
  log.info({ intervalMs }, 'reconciler scheduled');
  return async () => {
    await stop();
    await connection.close();
  };
}
