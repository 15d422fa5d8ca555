import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lineage } from '../../src/operator/lineage/lineage';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { binaryMessage } from '../ingress/messages';
import { tokenFor } from '../../dev/auth/dev-token';
import { apiCaller, type ApiCaller } from '../support/api-caller';
import { startKafkaStack } from '../support/kafka-stack';
import { jsonOf, runSaga } from '../support/saga-cli';
import { waitFor } from '../support/wait-for';

let kafka: Awaited<ReturnType<typeof startKafkaStack>>;
let api: ApiCaller;

beforeAll(async () => {
  kafka = await startKafkaStack();
  api = apiCaller(
    await kafka.stack.startApi(),
    await tokenFor(kafka.stack.config, { scopes: ['orders:read', 'orders:write'] }),
  );
});
afterAll(() => kafka?.stop());

const STEPS = ['reserveInventory', 'authorizePayment', 'createShipment', 'completeOrder'];

async function allPublished(orderId: string) {
  await waitFor('every event of the order to be published', async () => {
    const rows = await kafka.stack.context.db.outboxEvent.findMany({ where: { aggregateId: orderId } });
    return rows.length > 0 && rows.every((row) => row.publishedAt !== null);
  });
}

describe('the lineage of an order', { timeout: 120_000 }, () => {
  it('names the Kafka offset that started it, each activity, and the offset each event was published at, in the CLI and the REST API', async () => {
    const order = kafka.catalog.order();
    const eventId = randomUUID();
    const [sent] = await kafka.send(
      kafka.stack.config.kafka.topics.commands,
      binaryMessage({ orderId: order.orderId, id: eventId, data: order }),
    );
    expect((await awaitOutcome(kafka.stack.client, order.orderId)).status).toBe('COMPLETED');
    await allPublished(order.orderId);
    const published = await kafka.events.until('the order confirmed', (all) =>
      all.some((m) => m.key === order.orderId && m.headers.ce_type === 'orders.order.confirmed'),
    );

    const run = await runSaga(kafka.stack.config, ['lineage', order.orderId, '--json']);

    expect(run.code).toBe(0);
    const lineage = jsonOf<Lineage>(run);
    expect(lineage.origin).toEqual({
      door: 'kafka',
      topic: kafka.stack.config.kafka.topics.commands,
      partition: sent!.partition,
      offset: sent!.baseOffset,
      eventId,
    });
    expect(lineage.runs).toHaveLength(1);
    expect(lineage.runs[0]).toMatchObject({ execution: 'COMPLETED', sagaStatus: 'COMPLETED' });
    expect(lineage.runs[0]!.activities.map((a) => [a.activity, a.outcome])).toEqual(
      STEPS.map((step) => [step, 'completed']),
    );
    const onTheWire = published
      .filter((m) => m.key === order.orderId)
      .map((m) => [m.headers.ce_id, `${m.topic}/${m.partition}/${m.offset}`])
      .sort();
    expect(lineage.events.map((e) => [e.eventId, `${e.topic}/${e.partition}/${e.offset}`]).sort()).toEqual(
      onTheWire,
    );

    const response = await api.get(`/orders/${order.orderId}/lineage`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(lineage);
    const readable = await runSaga(kafka.stack.config, ['lineage', order.orderId]);
    expect(readable.stdout).toContain(
      `started by: Kafka ${lineage.origin?.door === 'kafka' && lineage.origin.topic}`,
    );
    expect(readable.stdout).toContain('orders.order.confirmed');
  });

  it('names the HTTP request id of an order placed over REST', async () => {
    const order = kafka.catalog.order();
    const requestId = `req-${randomUUID()}`;
    const placed = await api.post('/orders', order, { 'x-request-id': requestId });
    expect(placed.status).toBe(202);
    await awaitOutcome(kafka.stack.client, order.orderId);

    const lineage = (await (await api.get(`/orders/${order.orderId}/lineage`)).json()) as Lineage;

    expect(lineage.origin).toEqual({ door: 'http', requestId });
  });

  it('answers 404 for an order with neither saga nor event, and the CLI exits 1', async () => {
    const orderId = `unknown-${randomUUID()}`;
    const response = await api.get(`/orders/${orderId}/lineage`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const run = await runSaga(kafka.stack.config, ['lineage', orderId]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No saga and no event');
  });
});
