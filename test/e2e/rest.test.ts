import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../../contract/order';
import { tokenFor } from '../../dev/auth/dev-token';
import { awaitOutcome, getSaga, startSaga } from '../../src/temporal/saga-client';
import { apiCaller, type ApiCaller } from '../support/api-caller';
import { expectCancelledBeforePlaced } from '../support/cancelled-before-placed';
import { roles, e2eConfig, startStack, type Stack } from '../support/stack';
import { createTestCatalog, EXPECTED_EVENTS, expectOnlyTheseEvents } from '../support/test-orders';
import { readTopics } from '../support/topic-reader';

let stack: Stack;
let api: ApiCaller;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let reader: Awaited<ReturnType<typeof readTopics>>;

const post = (path: string, body: unknown, headers?: Record<string, string>) => api.post(path, body, headers);

const outcomeOf = (orderId: string) => awaitOutcome(stack.client, orderId);

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
  api = apiCaller(await stack.startApi(), await tokenFor(stack.config));
  const { orders, inventory, payments, shipping } = stack.config.kafka.topics;
  reader = await readTopics([orders, inventory, payments, shipping]);
});
afterAll(async () => {
  await reader?.stop();
  await stack?.stop();
});

describe('the REST API', () => {
  it('starts a saga that completes, and its events reach Kafka in order with the rows committed', async () => {
    const order = catalog.order();
    const response = await post('/orders', order);
    expect(response.status).toBe(202);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({
      orderId: order.orderId,
      workflowId: `order-${order.orderId}`,
      alreadyStarted: false,
    });
    expect(body.temporalUiUrl).toContain(`/workflows/order-${order.orderId}/${body.runId}`);
    expect(response.headers.get('location')).toBe(`/orders/${order.orderId}`);

    expect(await outcomeOf(order.orderId)).toMatchObject({ status: 'COMPLETED' });
    await expectOnlyTheseEvents(reader, order.orderId, EXPECTED_EVENTS.happyPath, stack.config.kafka.topics);

    const status = (await (await api.get(`/orders/${order.orderId}`)).json()) as {
      state: { status: string; completedSteps: string[] };
      order: { status: string; totalAmount: number; authorization: { status: string } };
    };
    expect(status.state.status).toBe('COMPLETED');
    expect(status.state.completedSteps).toEqual([
      'reserveInventory',
      'authorizePayment',
      'createShipment',
      'completeOrder',
    ]);
    expect(status.order).toMatchObject({
      status: 'CONFIRMED',
      totalAmount: 2500,
      authorization: { status: 'CAPTURED' },
    });
  });

  it('answers a repeated order with the existing saga and produces one set of events', async () => {
    const order = catalog.order();
    const first = (await (await post('/orders', order)).json()) as { runId: string };
    const again = await post('/orders', order);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ runId: first.runId, alreadyStarted: true });
    await outcomeOf(order.orderId);
    const afterCompletion = await post('/orders', order);
    expect(await afterCompletion.json()).toMatchObject({ runId: first.runId, alreadyStarted: true });

    await expectOnlyTheseEvents(reader, order.orderId, EXPECTED_EVENTS.happyPath, stack.config.kafka.topics);
  });

  it('answers a different order under a used order id with 409 and keeps the first order', async () => {
    const order = catalog.order();
    const first = (await (await post('/orders', order)).json()) as { runId: string };
    const other = { ...order, items: [{ sku: catalog.sku, quantity: 3, unitPrice: 1250 }] };

    const conflict = await post('/orders', other);
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await conflict.json()) as { title: string; detail: string };
    expect(problem.title).toBe('Order id already used by a different order');
    expect(problem.detail).toContain(order.orderId);

    const { shippingAddress, items, ...rest } = order;
    const reordered = { items: [...items].reverse(), shippingAddress, ...rest };
    const same = await post('/orders', reordered);
    expect(same.status).toBe(202);
    expect(await same.json()).toMatchObject({ runId: first.runId, alreadyStarted: true });
    expect(await outcomeOf(order.orderId)).toMatchObject({ status: 'COMPLETED' });
    const status = (await (await api.get(`/orders/${order.orderId}`)).json()) as {
      runId: string;
      order: { totalAmount: number; items: { quantity: number }[] };
    };
    expect(status.runId).toBe(first.runId);
    expect(status.order.totalAmount).toBe(2500);
    expect(status.order.items.map((item) => item.quantity)).toEqual([2]);
  });

  it('compensates a declined payment: stock released, order cancelled, no charge', async () => {
    const order = catalog.order({ customerId: catalog.broke });
    expect((await post('/orders', order)).status).toBe(202);
    expect(await outcomeOf(order.orderId)).toMatchObject({ status: 'COMPENSATED' });

    await expectOnlyTheseEvents(
      reader,
      order.orderId,
      EXPECTED_EVENTS.declinedPayment,
      stack.config.kafka.topics,
    );
    const row = await stack.context.db.order.findUnique({
      where: { id: order.orderId },
      include: { reservations: true, authorization: true },
    });
    expect(row).toMatchObject({ status: 'CANCELLED', authorization: null });
    expect(row?.reservations.map((r) => r.status)).toEqual(['RELEASED']);
  });

  it('cancels a saga on request before the point of no return, and refuses once it has completed', async () => {
    const order = catalog.order();
    // Started on a queue no worker polls yet, so the saga is still before its first step when the cancel arrives.
    const waiting = {
      ...stack.config,
      temporal: { ...stack.config.temporal, taskQueue: `${stack.config.temporal.taskQueue}-idle` },
    };
    await startSaga(stack.client, waiting, order, 'test-cancel');
    const cancel = await post(`/orders/${order.orderId}/cancel`, { reason: 'customer changed their mind' });
    expect(cancel.status).toBe(202);
    expect((await post(`/orders/${order.orderId}/cancel`, {})).status).toBe(202);

    const idleWorker = await startStack(waiting);
    await idleWorker.start(roles.worker);
    const outcome = await outcomeOf(order.orderId);
    await idleWorker.stop();
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      reason: 'cancelled: customer changed their mind',
    });

    const completed = catalog.order();
    await post('/orders', completed);
    await outcomeOf(completed.orderId);
    const tooLate = await post(`/orders/${completed.orderId}/cancel`, {});
    expect(tooLate.status).toBe(409);
    expect(tooLate.headers.get('content-type')).toContain('application/problem+json');
  });

  it('records a cancel that arrives before its order, which then ends cancelled without a charge', async () => {
    const order = catalog.order();
    const { orderId } = order;

    const cancel = await post(`/orders/${orderId}/cancel`, { reason: 'ordered by mistake' });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toMatchObject({
      orderId,
      workflowId: `order-${orderId}`,
      cancel: 'recorded',
      reason: 'ordered by mistake',
    });
    expect((await post('/orders', order)).status).toBe(202);

    await expectCancelledBeforePlaced(stack, reader, orderId, 'ordered by mistake');
  });

  it('refuses to record a cancel for an order whose saga has come and gone', async () => {
    // An order recorded long ago whose saga Temporal no longer keeps (retention has passed).
    const order = catalog.order();
    const { orderId } = order;
    await stack.context.db.order.create({
      data: {
        id: orderId,
        customerId: order.customerId,
        currency: order.currency,
        totalAmount: 2500,
        status: 'CONFIRMED',
        shippingAddress: order.shippingAddress,
      },
    });

    const cancel = await post(`/orders/${orderId}/cancel`, { reason: 'too late' });

    expect(cancel.status).toBe(409);
    expect(await stack.context.db.orderFence.findUnique({ where: { orderId } })).toBeNull();
    expect(await stack.context.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: 'CONFIRMED',
    });
  });

  it('rejects bad input with problem responses naming the failing fields', async () => {
    const invalid = await post('/orders', {
      ...catalog.order(),
      currency: 'euro',
      items: [{ sku: 'x', quantity: 0, unitPrice: 1.5 }],
    });
    expect(invalid.status).toBe(400);
    const problem = (await invalid.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual([
      'currency',
      'items.0.quantity',
      'items.0.unitPrice',
    ]);

    expect((await post('/orders', '{"orderId": ')).status).toBe(400);
    expect((await post('/orders', { ...catalog.order(), padding: 'x'.repeat(100_000) })).status).toBe(413);
    expect((await post('/orders', 'orderId=1', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api.get(`/orders/no-such-order`)).status).toBe(404);
    expect((await post(`/orders/${encodeURIComponent('bad id!')}/cancel`, {})).status).toBe(400);
    expect((await api.get(`/orders/${encodeURIComponent('bad id!')}`)).status).toBe(400);
  });

  it('refuses an order whose total the database cannot store with a 400 naming items and the maximum', async () => {
    const order = catalog.order({ items: [{ sku: catalog.sku, quantity: 10_000, unitPrice: 900_000_000 }] });
    const response = await post('/orders', order);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((error) => error.path)).toEqual(['items']);
    expect(problem.errors[0]?.message).toContain(String(MAX_AMOUNT));
    expect(await getSaga(stack.client, order.orderId)).toBeUndefined();
  });

  it('reports readiness of Temporal, Kafka and PostgreSQL, and serves metrics', async () => {
    const ready = await api.get(`/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { temporal: { ok: true }, kafka: { ok: true }, postgres: { ok: true } },
    });
    expect((await api.get(`/healthz`)).status).toBe(200);
    const metrics = await (await api.get(`/metrics`)).text();
    expect(metrics).toMatch(/saga_started_total\{door="http"\} [1-9]/);
    expect(metrics).toMatch(/outbox_relay_published_total [1-9]/);
    expect(metrics).toMatch(/saga_step_seconds_count\{activity="completeOrder",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(
      /saga_step_seconds_count\{activity="authorizePayment",outcome="rejected"\} [1-9]/,
    );
    expect(metrics).toMatch(/sagas\{status="COMPLETED"\} [1-9]/);
    expect(metrics).toMatch(/sagas\{status="COMPENSATED"\} [1-9]/);
  });
});
