import type { Client } from '@temporalio/client';
import type { SagaOutcome } from '../../workflows/status';
import type { Config } from '../config';
import { seedDatabase } from '../db/seed';
import { createKafka, createReliableProducer } from '../kafka/client';
import { commandMessage } from '../kafka/commands';
import { workflowIdFor } from '../order';
import type { RoleContext } from '../roles/role';
import { awaitOutcome } from '../saga/saga-client';
import { sampleOrders } from './sample-orders';

const OUTCOME_TIMEOUT_MS = 60_000;

function uiLink(config: Config, orderId: string) {
  return `${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${workflowIdFor(orderId)}`;
}

async function outcomeOf(client: Client, orderId: string): Promise<SagaOutcome | string> {
  try {
    return await awaitOutcome(client, orderId, OUTCOME_TIMEOUT_MS);
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Sends sample orders through the inbound Kafka topic, exactly as an upstream service
 * would, and prints how each saga ended with a link to it in the Temporal Web UI.
 */
export async function runDemo({ config, db, log }: RoleContext, client: Client): Promise<void> {
  await seedDatabase(db);
  const samples = sampleOrders(Date.now().toString(36));
  const producer = createReliableProducer(createKafka(config, log, 'demo'));
  await producer.connect();
  const topic = config.kafka.topics.commands;
  for (const { order, cancel } of samples) {
    const messages = [commandMessage('orders.order.placed', order.orderId, order)];
    if (cancel)
      messages.push(
        commandMessage('orders.order.cancel-requested', order.orderId, {
          orderId: order.orderId,
          reason: 'changed my mind',
        }),
      );
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  console.log(`\nSent ${samples.length} sample orders to ${topic}; waiting for their sagas…`);

  const rows = await Promise.all(
    samples.map(async ({ title, order }) => {
      const outcome = await outcomeOf(client, order.orderId);
      return {
        order: order.orderId,
        scenario: title,
        outcome: typeof outcome === 'string' ? outcome : outcome.status,
        reason: typeof outcome === 'string' ? '' : (outcome.reason ?? ''),
        'Temporal Web UI': uiLink(config, order.orderId),
      };
    }),
  );
  console.table(rows);
  console.log(`All sagas: ${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows`);
  console.log(
    `Find one by order id: search OrderId = "<orderId>", or by status: SagaStatus = "COMPENSATED".\n`,
  );
}
