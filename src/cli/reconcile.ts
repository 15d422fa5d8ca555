import { Command } from 'commander';
import { reconcile } from '../operator/reconcile/reconcile';
import { INVARIANTS } from '../operator/reconcile/violations';
import type { Action, Run } from './command-runner';
import { EXIT } from './exit-codes';
import { emit, positive, progressBar, table } from './output';

interface ReconcileOptions {
  order?: string[];
  maxSagas: number;
  outboxMaxAge: number;
}

const check: Action<[ReconcileOptions]> = async (connections, { json }, options) => {
  const bar = progressBar(json, 'reconciling');
  const report = await reconcile(
    {
      db: await connections.db(),
      client: await connections.temporal(),
      namespace: connections.config.temporal.namespace,
      admin: await connections.admin(),
    },
    { orderIds: options.order, maxSagas: options.maxSagas, outboxMaxAgeSeconds: options.outboxMaxAge },
    bar.update,
  );
  bar.stop();
  emit(json, report, () =>
    [
      report.violations.length === 0
        ? 'Every invariant holds.'
        : table(
            ['invariant', 'subject', 'violation'],
            report.violations.map((v) => [v.invariant, v.subject, v.detail]),
          ),
      table(
        ['invariant', 'violations'],
        INVARIANTS.map((name) => [name, report.counts[name]]),
      ),
      `${report.sagasInspected} order(s) checked against Temporal.`,
    ].join('\n'),
  );
  return report.violations.length > 0 ? EXIT.found : EXIT.ok;
};

export function reconcileCommand(run: Run, defaults: { maxSagas: number; outboxMaxAgeSeconds: number }) {
  return new Command('reconcile')
    .description(
      'check that PostgreSQL, Temporal and Kafka agree; exits 1 naming each violation. Invariants: ' +
        INVARIANTS.join(', '),
    )
    .option('--order <orderIds...>', 'check only these orders (and their products and events)')
    .option(
      '--max-sagas <n>',
      'check at most this many orders against Temporal, the most recently changed',
      positive,
      defaults.maxSagas,
    )
    .option(
      '--outbox-max-age <seconds>',
      'an outbox row unpublished for longer is a violation',
      positive,
      defaults.outboxMaxAgeSeconds,
    )
    .action(run(check));
}
