import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../contract/events';
import { commandMessage } from '../../dev/kafka/commands';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { startTracing, type Tracing } from '../../src/tracing/tracing';
import { startKafkaStack } from '../support/kafka-stack';
import type { Stack } from '../support/stack';
import { createTestCatalog, EXPECTED_EVENTS } from '../support/test-orders';
import type { readTopics } from '../support/topic-reader';
import { expectOneTree, spanCounts, spanIdOf, traceIdOf, upstreamTraceparent } from '../support/traces';
import { waitFor } from '../support/wait-for';
import { apiCaller, type ApiCaller } from '../support/api-caller';
import { tokenFor } from '../../dev/auth/dev-token';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let events: Awaited<ReturnType<typeof readTopics>>;
let send: (topic: string, ...messages: Message[]) => Promise<unknown>;
let stop: (() => Promise<void>) | undefined;
let api: ApiCaller;

beforeAll(async () => {
  tracing = startTracing({ otlpEndpoint: undefined, serviceName: 'saga-orchestrator' }, exporter);
  ({ stack, catalog, events, send, stop } = await startKafkaStack(tracing));
  api = apiCaller(await stack.startApi(), await tokenFor(stack.config));
});
afterAll(async () => {
  await stop?.();
  await tracing?.stop();
});

const STEPS = ['reserveInventory', 'authorizePayment', 'createShipment', 'completeOrder'];
const spansOf = (traceId: string) =>
  exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);

/** Waits until the trace holds every span the completed saga makes, up to the last publication. */
function completeTrace(traceId: string, door: string): Promise<ReadableSpan[]> {
  const sends = EXPECTED_EVENTS.happyPath.length;
  return waitFor(`the whole trace ${traceId}`, () => {
    const spans = spansOf(traceId);
    const counts = spanCounts(spans);
    const published = spans.filter((span) => span.name.startsWith('send ')).length;
    const complete = [door, 'RunWorkflow:orderSaga', ...STEPS.map((step) => `RunActivity:${step}`)].every(
      (name) => (counts[name] ?? 0) > 0,
    );
    return complete && published >= sends && spans;
  });
}

/** The events of the order as read back from Kafka, once all of them have arrived. */
function eventsOf(orderId: string) {
  return events.until(`the events of ${orderId}`, (all) =>
    EXPECTED_EVENTS.happyPath.every((type) =>
      all.some((m) => m.key === orderId && m.headers.ce_type === type),
    ),
  );
}

describe('tracing one order', () => {
  it('placed on Kafka with a traceparent, makes one connected trace from the command to its last published event', async () => {
    const upstream = upstreamTraceparent();
    const order = catalog.order();
    const placed = commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order);
    placed.headers = { ...placed.headers, ce_traceparent: upstream.traceparent, ce_tracestate: 'vendor=1' };
    await send(stack.config.kafka.topics.commands, placed);
    expect(await awaitOutcome(stack.client, order.orderId)).toMatchObject({ status: 'COMPLETED' });

    const ingress = `process ${stack.config.kafka.topics.commands}`;
    const spans = await completeTrace(upstream.traceId, ingress);
    expectOneTree(spans, upstream.spanId);
    const counts = spanCounts(spans);
    expect(counts).toMatchObject({ [ingress]: 1, 'StartWorkflow:orderSaga': 1, 'RunWorkflow:orderSaga': 1 });
    for (const step of STEPS) expect(counts[`StartActivity:${step}`]).toBeGreaterThanOrEqual(1);
    expect(counts['outbox transaction']).toBeGreaterThanOrEqual(STEPS.length);
    expect(spans.find((span) => span.name === ingress)?.parentSpanId).toBe(upstream.spanId);

    const mine = (await eventsOf(order.orderId)).filter((m) => m.key === order.orderId);
    const transactions = new Set(
      spans.filter((span) => span.name === 'outbox transaction').map((span) => span.spanContext().spanId),
    );
    for (const event of mine) {
      expect(traceIdOf(event.headers.ce_traceparent)).toBe(upstream.traceId);
      expect(transactions).toContain(spanIdOf(event.headers.ce_traceparent));
      expect(event.headers.ce_tracestate).toBe('vendor=1');
    }
    const sent = spans.filter((span) => span.name.startsWith('send '));
    expect(sent.map((span) => span.attributes['messaging.message.id']).sort()).toEqual(
      mine.map((m) => m.headers.ce_id).sort(),
    );
  });

  it('placed on Kafka without a traceparent, starts a trace at the door that its events carry', async () => {
    const order = catalog.order();
    await send(
      stack.config.kafka.topics.commands,
      commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order),
    );
    await awaitOutcome(stack.client, order.orderId);

    const mine = (await eventsOf(order.orderId)).filter((m) => m.key === order.orderId);
    const traceIds = new Set(mine.map((m) => traceIdOf(m.headers.ce_traceparent)));
    expect(traceIds.size).toBe(1);
    const [traceId] = [...traceIds];
    const spans = await completeTrace(traceId!, `process ${stack.config.kafka.topics.commands}`);
    const roots = spans.filter((span) => span.parentSpanId === undefined);
    expect(roots.map((span) => span.name)).toEqual([`process ${stack.config.kafka.topics.commands}`]);
  });

  it("placed over HTTP with a traceparent header, continues the caller's trace to its published events", async () => {
    const upstream = upstreamTraceparent();
    const order = catalog.order();
    const response = await api.post('/orders', order, { traceparent: upstream.traceparent });
    expect(response.status).toBe(202);
    expect(await awaitOutcome(stack.client, order.orderId)).toMatchObject({ status: 'COMPLETED' });

    const spans = await completeTrace(upstream.traceId, 'POST /orders');
    expectOneTree(spans, upstream.spanId);
    const server = spans.find((span) => span.name === 'POST /orders');
    expect(server?.parentSpanId).toBe(upstream.spanId);
    expect(server?.attributes['http.response.status_code']).toBe(202);
    const start = spans.find((span) => span.name === 'StartWorkflow:orderSaga');
    expect(start?.parentSpanId).toBe(server?.spanContext().spanId);
    const mine = (await eventsOf(order.orderId)).filter((m) => m.key === order.orderId);
    expect(mine.map((m) => traceIdOf(m.headers.ce_traceparent))).toEqual(mine.map(() => upstream.traceId));
  });

  it("cancelled over HTTP with a traceparent header, answers in a span of the caller's trace", async () => {
    const upstream = upstreamTraceparent();
    const { orderId } = catalog.order();
    const response = await api.post(
      `/orders/${orderId}/cancel`,
      { reason: 'changed my mind' },
      { traceparent: upstream.traceparent },
    );
    expect(response.status).toBe(202);

    const server = await waitFor('the span of the cancel request', () =>
      spansOf(upstream.traceId).find((span) => span.kind === SpanKind.SERVER),
    );
    expect(server).toMatchObject({
      name: 'POST /orders/:orderId/cancel',
      parentSpanId: upstream.spanId,
      attributes: { 'http.route': '/orders/:orderId/cancel', 'http.response.status_code': 202 },
    });
  });
});
