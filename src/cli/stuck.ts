import { Command } from 'commander';
import { listStuck, resumeStuck, type ResumeResult } from '../operator/stuck';
import type { Action, Run } from './command-runner';
import { CliUsageError, EXIT } from './exit-codes';
import { emitRows, lastLine, positive, progressBar } from './output';

const list: Action<[{ limit: number }]> = async (connections, { json }, options) => {
  const stuck = await listStuck(await connections.temporal(), options.limit);
  emitRows(json, stuck, {
    empty: 'No stuck saga.',
    head: ['order', 'status', 'failing step', 'error', 'rounds', 'started'],
    row: (s) => [
      s.orderId,
      s.status,
      s.failingStep,
      lastLine(s.error ?? s.queryError),
      s.rounds,
      s.startedAt,
    ],
    footer: '\nResume one after fixing the cause: saga stuck resume <orderId> (or --all).',
  });
  return EXIT.ok;
};

const resume: Action<[string | undefined, { all?: boolean }]> = async (
  connections,
  { json },
  orderId,
  options,
) => {
  if (Boolean(orderId) === Boolean(options.all)) throw new CliUsageError('name one order id, or pass --all');
  const client = await connections.temporal();
  const orderIds = orderId ? [orderId] : (await listStuck(client)).map((s) => s.orderId);
  const bar = progressBar(json, 'resuming');
  const results: ResumeResult[] = [];
  for (const id of orderIds) {
    results.push(await resumeStuck(client, id));
    bar.update(results.length, orderIds.length);
  }
  bar.stop();
  emitRows(json, results, {
    empty: 'No stuck saga.',
    head: ['order', 'outcome', 'why not'],
    row: (r) => [r.orderId, r.outcome, r.outcome === 'refused' ? r.reason : undefined],
  });
  return results.some((r) => r.outcome === 'refused') ? EXIT.found : EXIT.ok;
};

export function stuckCommand(run: Run) {
  const stuck = new Command('stuck').description(
    'sagas whose compensation (COMPENSATION_STUCK) or completion (COMPLETION_STUCK) keeps failing',
  );
  stuck
    .command('list')
    .description('list stuck sagas with the failing step, its error and the failed rounds')
    .option('--limit <n>', 'list at most this many', positive, 1000)
    .action(run(list));
  stuck
    .command('resume')
    .description('send the resume signal: the stuck step is retried at once (fix its cause first)')
    .argument('[orderId]', 'the order whose saga to resume')
    .option('--all', 'resume every stuck saga')
    .action(run(resume));
  return stuck;
}
