import { createActivities } from '../activities';
import type { OrderInput } from '../contract/order';
import type { Config } from '../src/config';
import type { Database } from '../src/db/prisma';
import { round2 } from './stats';

export interface StepsCostResult {
  sagas: number;
  /** Orders the measured sagas left CONFIRMED: all of them, or the figures mean nothing. */
  confirmed: number;
  /** CPU of this process per saga for its four forward steps, one saga after another. */
  cpuMsPerSaga: number;
  wallMsPerSaga: number;
}

/**
 * The four forward steps of happy sagas, called directly in this process against
 * PostgreSQL, one saga at a time, with neither Temporal nor Kafka involved: the service's
 * CPU for its database work alone, without the run-to-run spread of the end-to-end
 * figures. The events the steps append are removed afterwards, so no relay publishes them.
 */
export async function measureStepsCost(deps: {
  db: Database;
  config: Config;
  count: number;
  makeOrder: () => OrderInput;
  tick: () => void;
}): Promise<StepsCostResult> {
  const { db, count } = deps;
  const steps = createActivities({ db, topics: deps.config.kafka.topics });
  const orderIds: string[] = [];
  const runSaga = async () => {
    const order = deps.makeOrder();
    orderIds.push(order.orderId);
    const ref = { orderId: order.orderId, causationId: `bench-steps-${order.orderId}` };
    await steps.reserveInventory({ ...ref, order });
    await steps.authorizePayment({ ...ref, order });
    await steps.createShipment({ ...ref, order });
    await steps.completeOrder(ref);
  };
  try {
    // Warm-up: JIT, pooled connections, Prisma's query plans.
    for (let i = 0; i < Math.min(50, count); i++) await runSaga();
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    for (let i = 0; i < count; i++) {
      await runSaga();
      deps.tick();
    }
    const wallMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    const confirmed = await db.order.count({
      where: { id: { in: orderIds.slice(-count) }, status: 'CONFIRMED' },
    });
    return {
      sagas: count,
      confirmed,
      cpuMsPerSaga: round2((cpu.user + cpu.system) / 1000 / count),
      wallMsPerSaga: round2(wallMs / count),
    };
  } finally {
    await db.outboxEvent.deleteMany({ where: { aggregateId: { in: orderIds } } });
  }
}
