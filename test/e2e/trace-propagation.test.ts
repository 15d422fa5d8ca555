import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_HEADER as OTEL_TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { tokenFor } from '../../dev/auth/dev-token';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { startTracing, type Tracing } from '../../src/tracing/tracing';
import { TRACE_HEADER } from '../../workflows/trace-propagation';
import { apiCaller, type ApiCaller } from '../support/api-caller';
import { startKafkaStack } from '../support/kafka-stack';
import type { Stack } from '../support/stack';
import { createTestCatalog, EXPECTED_EVENTS } from '../support/test-orders';
import type { readTopics } from '../support/topic-reader';
import { traceIdOf, upstreamTraceparent } from '../support/traces';

/** Tracing as a service runs it with no OTLP endpoint: nothing exported, no workflow spans. */
let tracing: Tracing | undefined;
let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let events: Awaited<ReturnType<typeof readTopics>>;
let stop: (() => Promise<void>) | undefined;
let api: ApiCaller;

beforeAll(async () => {
  tracing = startTracing({ otlpEndpoint: undefined, serviceName: 'saga-orchestrator' });
  ({ stack, catalog, events, stop } = await startKafkaStack(tracing));
  api = apiCaller(await stack.startApi(), await tokenFor(stack.config));
});
afterAll(async () => {
  await stop?.();
  await tracing?.stop();
});

describe('without span export', () => {
  it('makes no workflow spans, yet an order placed with a traceparent has every event it causes in that trace', async () => {
    expect(tracing?.exporting).toBe(false);
    const upstream = upstreamTraceparent();
    const order = catalog.order();
    const response = await api.post('/orders', order, { traceparent: upstream.traceparent });
    expect(response.status).toBe(202);
    expect(await awaitOutcome(stack.client, order.orderId)).toMatchObject({ status: 'COMPLETED' });
    const mine = (
      await events.until(`the events of ${order.orderId}`, (all) =>
        EXPECTED_EVENTS.happyPath.every((type) =>
          all.some((m) => m.key === order.orderId && m.headers.ce_type === type),
        ),
      )
    ).filter((m) => m.key === order.orderId);
    expect(mine.map((m) => traceIdOf(m.headers.ce_traceparent))).toEqual(mine.map(() => upstream.traceId));
  });

  it("hands the trace on in the header Temporal's OpenTelemetry interceptors read", () => {
    expect(TRACE_HEADER).toBe(OTEL_TRACE_HEADER);
  });
});
