import type { Client } from '@temporalio/client';
import { COMMAND_TYPES } from '../../contract/events';
import { workflowIdFor } from '../../contract/order';
import { createKafka, createReliableProducer } from '../../src/kafka/client';
import type { RoleContext } from '../../src/roles/role';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { temporalUiUrl } from '../../src/temporal/ui-url';
import { commandMessage } from '../kafka/commands';
import { seedDatabase } from '../seed';
import { sampleOrders } from './sample-orders';

const OUTCOME_TIMEOUT_MS = 60_000;

/** How the saga ended, as one table row's outcome and reason. */
async function endOf(client: Client, orderId: string): Promise<{ outcome: string; reason: string }> {
  try {
    const { status, reason } = await awaitOutcome(client, orderId, OUTCOME_TIMEOUT_MS);
    return { outcome: status, reason: reason ?? '' };
  } catch (error) {
    return { outcome: `failed: ${error instanceof Error ? error.message : String(error)}`, reason: '' };
  }
}

/**
 * Sends sample orders through the inbound Kafka topic, exactly as an upstream service
 * would, and prints how each saga ended with a link to it in the Temporal Web UI.
 */
export async function runDemo({ config, db, log }: RoleContext, client: Client): Promise<string[]> {
  await seedDatabase(db);
  const samples = sampleOrders(Date.now().toString(36));
  const producer = createReliableProducer(createKafka(config, log, 'demo'));
  await producer.connect();
  const topic = config.kafka.topics.commands;
  for (const { order, cancel } of samples) {
    const messages = [commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order)];
    if (cancel) {
      const request = { orderId: order.orderId, reason: 'changed my mind' };
      messages.push(commandMessage(COMMAND_TYPES.cancelRequested, order.orderId, request));
    }
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  console.log(`\nSent ${samples.length} sample orders to ${topic}; waiting for their sagas…`);

  const rows = await Promise.all(
    samples.map(async ({ title, order }) => ({
      order: order.orderId,
      scenario: title,
      ...(await endOf(client, order.orderId)),
      'Temporal Web UI': temporalUiUrl(config, workflowIdFor(order.orderId)),
    })),
  );
  console.table(rows);
  console.log(`All sagas: ${temporalUiUrl(config)}`);
  console.log(
    `Find one by order id: search OrderId = "<orderId>", or by status: SagaStatus = "COMPENSATED".\n`,
  );
  return samples.map(({ order }) => order.orderId);
}
