import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { Prisma } from '../../../generated/prisma/client';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../contract/saga';
import type { Database } from '../../db/prisma';
import type { ReconcileScope, Violation } from './violations';

const PAGE = 100;

/** Closed sagas, and the order status each outcome must leave behind. */
const EXPECTED_ORDER_STATUS: Record<string, string> = { COMPLETED: 'CONFIRMED', COMPENSATED: 'CANCELLED' };

/** How long the namespace keeps closed workflows: older orders' sagas may be gone legitimately. */
async function retentionSeconds(client: Client, namespace: string): Promise<number> {
  const described = await client.workflowService.describeNamespace({ namespace });
  return Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0) || 86_400;
}

const quoted = (id: string) => JSON.stringify(id);

/** The latest run of each order's saga (a stuck saga may have continued as new several times). */
async function latestRuns(client: Client, orderIds: string[]): Promise<Map<string, WorkflowExecutionInfo>> {
  const runs = new Map<string, WorkflowExecutionInfo>();
  for (let i = 0; i < orderIds.length; i += PAGE) {
    const ids = orderIds
      .slice(i, i + PAGE)
      .map(quoted)
      .join(', ');
    const query = `OrderId IN (${ids}) AND ExecutionStatus != "ContinuedAsNew"`;
    for await (const run of client.workflow.list({ query, pageSize: PAGE })) {
      const orderId = run.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.orderId);
      if (orderId) runs.set(orderId, run);
    }
  }
  return runs;
}

/**
 * Every order row belongs to a saga that exists, and a finished saga left its order in
 * the status its outcome means. Checks at most `maxSagas` orders, the most recently
 * changed, and only those younger than the namespace's retention.
 */
export async function sagaViolations(
  client: Client,
  namespace: string,
  db: Database,
  scope: ReconcileScope,
): Promise<{ violations: Violation[]; inspected: number }> {
  const retention = await retentionSeconds(client, namespace);
  const only = scope.orderIds ? Prisma.sql`AND id = ANY(${scope.orderIds}::text[])` : Prisma.empty;
  const orders = await db.$queryRaw<{ id: string; status: string }[]>`
    SELECT id, status::text FROM "order"
    WHERE created_at > now() - make_interval(secs => ${retention}) ${only}
    ORDER BY updated_at DESC LIMIT ${scope.maxSagas}`;
  const runs = await latestRuns(
    client,
    orders.map((order) => order.id),
  );
  const violations: Violation[] = [];
  for (const order of orders) {
    const run = runs.get(order.id);
    if (!run) {
      violations.push({
        invariant: 'order-without-saga',
        subject: order.id,
        detail: `order is ${order.status} but Temporal has no saga for it`,
      });
      continue;
    }
    if (run.status.name === 'RUNNING') continue;
    const outcome = run.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.sagaStatus) ?? 'unknown';
    const expected = run.status.name === 'COMPLETED' ? EXPECTED_ORDER_STATUS[outcome] : undefined;
    if (order.status !== expected)
      violations.push({
        invariant: 'order-status-mismatch',
        subject: order.id,
        detail: `saga ${run.status.name} with SagaStatus ${outcome} but order is ${order.status}`,
      });
  }
  return { violations, inspected: orders.length };
}
