import { createKafka, createReliableProducer } from '../kafka/client';
import { startRelay } from '../relay/relay';
import type { RoleContext, StopFunction } from './role';

/** The outbox relay with its own idempotent producer (acks=all, one request in flight keeps order). */
export async function startRelayRole({
  config,
  db,
  log,
  metrics,
  outbox,
}: RoleContext): Promise<StopFunction> {
  const producer = createReliableProducer(createKafka(config, log, 'relay'));
  await producer.connect();
  const stopRelay = await startRelay({ config, db, producer, metrics, log, localCommits: outbox });
  log.info({ batchSize: config.relay.batchSize }, 'outbox relay running');
  return async () => {
    await stopRelay();
    await producer.disconnect();
  };
}
