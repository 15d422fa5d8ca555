import { Command } from 'commander';
import { orderLineage, type Lineage } from '../operator/lineage/lineage';
import type { Action, Run } from './command-runner';
import { EXIT } from './exit-codes';
import { emit, lastLine, table } from './output';

function originLine({ origin }: Lineage): string {
  if (!origin) return 'started by: not recorded (a saga started before origins were recorded)';
  if (origin.door === 'http') return `started by: HTTP request ${origin.requestId}`;
  return `started by: Kafka ${origin.topic}/${origin.partition}/${origin.offset} (CloudEvent ${origin.eventId})`;
}

function readable(lineage: Lineage): string {
  const runs = lineage.runs.map(
    (run, index) =>
      `run ${index + 1} ${run.runId}: ${run.execution}, SagaStatus ${run.sagaStatus ?? '-'}, ` +
      `${run.startedAt} → ${run.closedAt ?? 'running'}\n` +
      table(
        ['activity', 'outcome', 'attempts', 'finished', 'error'],
        run.activities.map((a) => [a.activity, a.outcome, a.attempts, a.finishedAt, lastLine(a.error)]),
      ),
  );
  const events =
    lineage.events.length === 0
      ? 'no outbox rows'
      : table(
          ['event', 'type', 'published to', 'published at'],
          lineage.events.map((e) => [
            e.eventId,
            e.type,
            e.partition === undefined
              ? `${e.topic} (not yet: ${e.lastError ?? 'waiting'})`
              : `${e.topic}/${e.partition}/${e.offset}`,
            e.publishedAt,
          ]),
        );
  return [
    `order ${lineage.orderId}, workflow ${lineage.workflowId}`,
    originLine(lineage),
    ...(runs.length > 0
      ? runs
      : ['no saga in Temporal (never started, or deleted after the namespace retention)']),
    `events (outbox):\n${events}`,
    ...(lineage.eventsNote ? [`note: ${lineage.eventsNote}`] : []),
  ].join('\n');
}

const show: Action<[string, object]> = async (connections, { json }, orderId) => {
  const lineage = await orderLineage(
    {
      client: await connections.temporal(),
      db: await connections.db(),
      retentionHours: connections.config.relay.retentionHours,
    },
    orderId,
  );
  if (!lineage) {
    emit(json, { orderId, found: false }, () => `No saga and no event for order ${orderId}.`);
    return EXIT.found;
  }
  emit(json, lineage, () => readable(lineage));
  return EXIT.ok;
};

export function lineageCommand(run: Run) {
  return new Command('lineage')
    .description(
      'the whole story of one order: what started it, each saga run and activity, each event and where it was published',
    )
    .argument('<orderId>', 'the order')
    .action(run(show));
}
