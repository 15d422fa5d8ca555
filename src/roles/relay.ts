import { createKafka, createReliableProducer } from '../kafka/client';
import { startRelay } from '../outbox/relay/relay';
import type { RoleContext, StopFunction } from './role';

/** The outbox relay with its own idempotent producer (acks=all, one request in flight keeps order). */
export async function startRelayRole(context: RoleContext): Promise<StopFunction> {
  const { config, log, outbox } = context;
  const producer = createReliableProducer(createKafka(config, log, 'relay'));
  await producer.connect();
  const stopRelay = await startRelay({ ...context, producer, localCommits: outbox });
  log.info({ batchSize: config.relay.batchSize }, 'outbox relay running');
  return async () => {
    await stopRelay();
    await producer.disconnect();
  };
}
