import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTE_KEYS } from '../../contract/saga';
import { getConfig } from '../../src/config';
import { DLQ_HEADERS, deadLetterTopic } from '../../src/ingress/dead-letter';
import { ingressGroupId, startIngress } from '../../src/ingress/ingress';
import { createMetrics } from '../../src/metrics';
import { workflowIdFor } from '../../contract/order';
import type { StopFunction } from '../../src/roles/role';
import { readTopics, type ReadMessage } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';
import {
  committedOffsets,
  connectSagaClient,
  counterValue,
  countSagas,
  createCommandsTopic,
  ingressTestConfig,
  sagaExists,
  send,
  startInput,
  waitForCommitPast,
  waitForSaga,
  ingressTestDeps,
} from './ingress-harness';
import { anOrder, binaryMessage, structuredMessage } from './messages';

const { baseConfig, log, db } = ingressTestDeps();
const CANCEL = 'orders.order.cancel-requested';

describe('the Kafka ingress', () => {
  let sagas: Awaited<ReturnType<typeof connectSagaClient>>;
  let client: Client;
  let topic: string;
  let config: ReturnType<typeof getConfig>;
  let groupId: string;
  const metrics = createMetrics();
  let stop: StopFunction;
  const newOrder = () => sagas.newOrder();

  async function deadLetterOf(key: string): Promise<ReadMessage> {
    const reader = await readTopics([deadLetterTopic(topic)]);
    const messages = await reader.until(`a dead letter keyed ${key}`, (all) =>
      all.some((m) => m.key === key),
    );
    await reader.stop();
    return messages.find((m) => m.key === key)!;
  }

  beforeAll(async () => {
    sagas = await connectSagaClient(baseConfig);
    client = sagas.client;
    topic = await createCommandsTopic();
    config = ingressTestConfig(baseConfig, topic);
    groupId = ingressGroupId(config);
    stop = await startIngress({ config, db, log, metrics });
  });

  afterAll(async () => {
    await stop?.();
    await sagas?.close();
    await db.$disconnect();
  });

  it('starts the saga of an order placed in binary content mode', async () => {
    const order = newOrder();
    const eventId = randomUUID();
    await send(topic, binaryMessage({ data: order, id: eventId, orderId: order.orderId }));

    const description = await waitForSaga(client, order.orderId);
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(config.temporal.taskQueue);
    expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.orderId)).toBe(order.orderId);
    expect(await startInput(client, order.orderId)).toEqual({ order, causationId: eventId });
  });

  it('starts the saga of an order placed in structured content mode', async () => {
    const order = newOrder();
    const eventId = randomUUID();
    await send(topic, structuredMessage({ data: order, id: eventId, orderId: order.orderId }));

    expect((await waitForSaga(client, order.orderId)).status.name).toBe('RUNNING');
    expect(await startInput(client, order.orderId)).toEqual({ order, causationId: eventId });
  });

  it('starts one saga for a message delivered three times and commits past all three', async () => {
    const order = newOrder();
    const startedBefore = await counterValue(metrics.sagasStarted, { door: 'kafka' });
    const duplicatesBefore = await counterValue(metrics.ingressMessages, { outcome: 'duplicate' });
    const message = binaryMessage({ data: order, orderId: order.orderId });
    const offsets = await send(topic, message, message, message);
    expect(new Set(offsets.map((o) => o.partition)).size).toBe(1);

    await waitForCommitPast(groupId, topic, offsets[2]!);
    await waitFor('the saga to be visible', async () => (await countSagas(client, order.orderId)) > 0);
    expect(await countSagas(client, order.orderId)).toBe(1);
    expect((await counterValue(metrics.sagasStarted, { door: 'kafka' })) - startedBefore).toBe(1);
    expect((await counterValue(metrics.ingressMessages, { outcome: 'duplicate' })) - duplicatesBefore).toBe(
      2,
    );
  });

  it('dead-letters a malformed message with the error and its source, then processes the next one', async () => {
    const order = newOrder();
    const malformed = { ...binaryMessage({ data: order, orderId: order.orderId }), value: '{"orderId":' };
    const good = binaryMessage({ data: order, orderId: order.orderId });
    const [bad] = await send(topic, malformed, good);

    await waitForSaga(client, order.orderId);
    const letter = await deadLetterOf(order.orderId);
    expect(letter.value).toBe('{"orderId":');
    expect(letter.headers).toMatchObject({
      ce_id: malformed.headers!.ce_id,
      ce_type: 'orders.order.placed',
      [DLQ_HEADERS.error]: 'UnparsableMessage',
      [DLQ_HEADERS.sourceTopic]: topic,
      [DLQ_HEADERS.sourcePartition]: String(bad!.partition),
      [DLQ_HEADERS.sourceOffset]: bad!.offset,
    });
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain('not JSON');
    expect(Date.now() - Date.parse(letter.headers[DLQ_HEADERS.time]!)).toBeLessThan(60_000);
    expect(await counterValue(metrics.deadLetters, { error: 'UnparsableMessage' })).toBeGreaterThanOrEqual(1);
  });

  it('dead-letters an order failing the schema, naming the failing fields', async () => {
    const order = { ...anOrder(), currency: 'euros', items: [{ sku: 'a', quantity: -1, unitPrice: 100 }] };
    await send(topic, binaryMessage({ data: order, orderId: order.orderId }));

    const letter = await deadLetterOf(order.orderId);
    expect(letter.headers[DLQ_HEADERS.error]).toBe('SchemaViolation');
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain('currency');
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain('items.0.quantity');
    expect(await sagaExists(client, order.orderId)).toBe(false);
  });

  it('dead-letters an event of an unknown type', async () => {
    const order = anOrder();
    await send(
      topic,
      structuredMessage({ type: 'orders.order.teleported', data: order, orderId: order.orderId }),
    );

    const letter = await deadLetterOf(order.orderId);
    expect(letter.headers[DLQ_HEADERS.error]).toBe('UnknownEventType');
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain('orders.order.teleported');
    expect(await sagaExists(client, order.orderId)).toBe(false);
  });

  it('dead-letters an order keyed by anything but its order id and starts no saga', async () => {
    const order = anOrder();
    const key = `not-${order.orderId}`;
    await send(topic, { ...binaryMessage({ data: order, orderId: order.orderId }), key });

    const letter = await deadLetterOf(key);
    expect(letter.headers[DLQ_HEADERS.error]).toBe('KeyMismatch');
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain(order.orderId);
    expect(await sagaExists(client, order.orderId)).toBe(false);
    expect(await sagaExists(client, key)).toBe(false);
  });

  it('dead-letters a cancel request keyed by another order and signals no saga', async () => {
    const order = newOrder();
    const { orderId } = order;
    await send(topic, binaryMessage({ data: order, orderId }));
    await waitForSaga(client, orderId);
    const key = `not-${orderId}`;
    const cancel = binaryMessage({ type: CANCEL, data: { orderId }, orderId });
    await send(topic, { ...cancel, key });

    expect((await deadLetterOf(key)).headers[DLQ_HEADERS.error]).toBe('KeyMismatch');
    const history = await client.workflow.getHandle(workflowIdFor(orderId)).fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(false);
  });

  it('dead-letters a different order under a used order id and leaves the first saga alone', async () => {
    const order = newOrder();
    const { orderId } = order;
    const firstEvent = randomUUID();
    await send(topic, binaryMessage({ data: order, id: firstEvent, orderId }));
    const before = await waitForSaga(client, orderId);
    const other = { ...order, items: [{ sku: 'sku-1', quantity: 3, unitPrice: 1_250 }] };
    const [at] = await send(topic, binaryMessage({ data: other, orderId }));

    const letter = await deadLetterOf(orderId);
    expect(letter.value).toEqual(other);
    expect(letter.headers[DLQ_HEADERS.error]).toBe('OrderConflict');
    expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain(orderId);
    await waitForCommitPast(groupId, topic, at!);
    expect(await countSagas(client, orderId)).toBe(1);
    const after = await client.workflow.getHandle(workflowIdFor(orderId)).describe();
    expect({ runId: after.runId, status: after.status.name }).toEqual({
      runId: before.runId,
      status: 'RUNNING',
    });
    expect(await startInput(client, orderId)).toEqual({ order, causationId: firstEvent });
    expect(await counterValue(metrics.deadLetters, { error: 'OrderConflict' })).toBe(1);
  });

  it('delivers a cancel request to the running saga as its cancel signal', async () => {
    const order = newOrder();
    const { orderId } = order;
    await send(topic, binaryMessage({ data: order, orderId }));
    await waitForSaga(client, orderId);
    await send(topic, binaryMessage({ type: CANCEL, data: { orderId, reason: 'changed my mind' }, orderId }));

    const signalled = await waitFor('the cancel signal in the history', async () => {
      const history = await client.workflow.getHandle(workflowIdFor(orderId)).fetchHistory();
      return history.events?.find((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'cancel');
    });
    expect(signalled.workflowExecutionSignaledEventAttributes?.input?.payloads).toHaveLength(1);
  });

  it('records a cancel request for an order not placed yet, then moves on', async () => {
    const orderId = anOrder().orderId;
    const eventId = randomUUID();
    const before = await counterValue(metrics.ingressMessages, { outcome: 'cancel-recorded' });
    const cancel = binaryMessage({
      type: CANCEL,
      data: { orderId, reason: 'changed my mind' },
      id: eventId,
      orderId,
    });
    const [at] = await send(topic, cancel);

    await waitForCommitPast(groupId, topic, at!);
    expect(await counterValue(metrics.ingressMessages, { outcome: 'cancel-recorded' })).toBe(before + 1);
    expect(await db.orderFence.findUnique({ where: { orderId } })).toMatchObject({
      reason: 'changed my mind',
      source: 'KAFKA',
      causationId: eventId,
    });
    expect(await sagaExists(client, orderId)).toBe(false);
  });

  it('counts a cancel request for a saga that has ended and records nothing', async () => {
    const order = newOrder();
    const { orderId } = order;
    await send(topic, binaryMessage({ data: order, orderId }));
    await waitForSaga(client, orderId);
    await client.workflow.getHandle(workflowIdFor(orderId)).terminate('ended for the test');
    const before = await counterValue(metrics.ingressMessages, { outcome: 'cancel-no-running-saga' });
    const [at] = await send(topic, binaryMessage({ type: CANCEL, data: { orderId }, orderId }));

    await waitForCommitPast(groupId, topic, at!);
    expect(await counterValue(metrics.ingressMessages, { outcome: 'cancel-no-running-saga' })).toBe(
      before + 1,
    );
    expect(await db.orderFence.count({ where: { orderId } })).toBe(0);
  });

  it('while Temporal is unreachable, commits nothing and loses nothing', async () => {
    const outageTopic = await createCommandsTopic();
    const healthy = ingressTestConfig(baseConfig, outageTopic);
    const unreachable = { ...healthy, temporal: { ...healthy.temporal, address: '127.0.0.1:1' } };
    const outageGroup = ingressGroupId(healthy);
    const outageMetrics = createMetrics();
    const retry = { initialDelayMs: 50, maxDelayMs: 400 };
    const stopOutage = await startIngress(
      { config: unreachable, db, log, metrics: outageMetrics },
      { retry, callTimeoutMs: 500 },
    );
    const order = newOrder();
    const [at] = await send(outageTopic, binaryMessage({ data: order, orderId: order.orderId }));

    await waitFor(
      'the ingress to retry several times',
      async () => (await counterValue(outageMetrics.ingressMessages, { outcome: 'retried' })) >= 3,
    );
    expect((await committedOffsets(outageGroup, outageTopic)).get(at!.partition)).toBe('-1');
    const stoppingSince = Date.now();
    await stopOutage();
    expect(Date.now() - stoppingSince).toBeLessThan(10_000);
    expect(await sagaExists(client, order.orderId)).toBe(false);

    const stopHealthy = await startIngress({ config: healthy, db, log, metrics: createMetrics() });
    try {
      expect((await waitForSaga(client, order.orderId)).status.name).toBe('RUNNING');
      await waitForCommitPast(outageGroup, outageTopic, at!);
    } finally {
      await stopHealthy();
    }
  });
});
