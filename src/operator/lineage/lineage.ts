import type { Client } from '@temporalio/client';
import { workflowIdFor } from '../../../contract/order';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../contract/saga';
import type { Database } from '../../db/prisma';
import { ORIGIN_MEMO, type SagaOrigin } from '../../temporal/origin';
import { activitiesOf, type ActivityRecord } from './activity-history';

export interface RunRecord {
  runId: string;
  execution: string;
  sagaStatus?: string;
  startedAt: string;
  closedAt?: string;
  activities: ActivityRecord[];
}

export interface OutboxRecord {
  eventId: string;
  type: string;
  createdAt: string;
  publishedAt?: string;
  /** Where Kafka stored it: `topic`, `partition`, `offset` (absent until published). */
  topic: string;
  partition?: number;
  offset?: string;
  attempts: number;
  lastError?: string;
}

export interface Lineage {
  orderId: string;
  workflowId: string;
  /** The Kafka message or HTTP request that started the saga (absent for sagas started before it was recorded). */
  origin?: SagaOrigin;
  /** Every run, oldest first: a stuck saga continues as new runs of the same workflow id. */
  runs: RunRecord[];
  events: OutboxRecord[];
  /** Set when published outbox rows of this order may already have been deleted by retention. */
  eventsNote?: string;
}

const iso = (date: Date | undefined) => date?.toISOString();

type RunWithMemo = RunRecord & { memo?: Record<string, unknown> };

async function runsOf(client: Client, workflowId: string): Promise<RunWithMemo[]> {
  const runs: RunWithMemo[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = ${JSON.stringify(workflowId)}` })) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    runs.push({
      runId: run.runId,
      execution: run.status.name,
      sagaStatus: run.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.sagaStatus),
      startedAt: run.startTime.toISOString(),
      closedAt: iso(run.closeTime),
      activities: activitiesOf(history.events ?? []),
      memo: run.memo,
    });
  }
  return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * The whole story of one order, from what was recorded when it happened: the origin in
 * the saga's memo, each run's activities from its history, each outbox row with where
 * the relay published it. Undefined when the order has neither a saga nor an event.
 */
export async function orderLineage(
  deps: { client: Client; db: Database; retentionHours: number },
  orderId: string,
): Promise<Lineage | undefined> {
  const workflowId = workflowIdFor(orderId);
  const [runs, rows] = await Promise.all([
    runsOf(deps.client, workflowId),
    deps.db.outboxEvent.findMany({ where: { aggregateId: orderId }, orderBy: { sequence: 'asc' } }),
  ]);
  if (runs.length === 0 && rows.length === 0) return undefined;
  const origin = runs.map((run) => run.memo?.[ORIGIN_MEMO]).find(Boolean) as SagaOrigin | undefined;
  const events = rows.map((row) => ({
    eventId: row.id,
    type: row.eventType,
    createdAt: row.createdAt.toISOString(),
    publishedAt: iso(row.publishedAt ?? undefined),
    topic: row.topic,
    partition: row.publishedPartition ?? undefined,
    offset: row.publishedOffset?.toString(),
    attempts: row.attempts,
    lastError: row.lastError ?? undefined,
  }));
  const started = runs[0]?.startedAt;
  const expired = started && Date.now() - Date.parse(started) > deps.retentionHours * 3_600_000;
  return {
    orderId,
    workflowId,
    origin,
    runs: runs.map(({ memo: _memo, ...run }) => run),
    events,
    ...(expired && {
      eventsNote:
        `published outbox rows are deleted after ${deps.retentionHours} h (OUTBOX_RETENTION_HOURS); ` +
        'events of this order published earlier than that are no longer listed',
    }),
  };
}
