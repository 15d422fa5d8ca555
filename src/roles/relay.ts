import { createKafka, createReliableProducer } from '../kafka/client';
import { partitionCountsFrom } from '../kafka/partitions';
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
  return async () => {
    await stopRelay();
    await admin.disconnect();
    await producer.disconnect();
  };
}
