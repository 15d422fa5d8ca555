import { Command, Option } from 'commander';
import { deadLetterTopic, DEAD_LETTER_ERRORS } from '../ingress/dead-letter';
import type { DeadLetterRecord } from '../operator/dead-letters/dead-letter-record';
import { readDeadLetters } from '../operator/dead-letters/read-dead-letters';
import { earlierRedrives, redrive } from '../operator/dead-letters/redrive';
import type { Action, Run } from './command-runner';
import type { Connections } from './connections';
import { CliUsageError, EXIT } from './exit-codes';
import { emitRows, parseSince, progressBar } from './output';

interface Filters {
  since?: Date;
  order?: string;
  error?: string;
}

async function select(connections: Connections, json: boolean, filters: Filters, ids: string[] = []) {
  const { config } = connections;
  const bar = progressBar(json, 'reading dead letters');
  const letters = await readDeadLetters(
    {
      kafka: connections.kafka(),
      admin: await connections.admin(),
      db: await connections.db(),
      commandsTopic: config.kafka.topics.commands,
      clientId: config.kafka.clientId,
    },
    filters.since,
    bar.update,
  );
  bar.stop();
  return letters.filter(
    (letter) =>
      (ids.length === 0 || ids.includes(letter.id)) &&
      (filters.order === undefined || letter.orderId === filters.order) &&
      (filters.error === undefined || letter.error === filters.error),
  );
}

const visible = ({ message: _message, ...letter }: DeadLetterRecord, redrivenAt?: Date) => ({
  ...letter,
  redrivenAt: redrivenAt?.toISOString(),
});

const list: Action<[Filters]> = async (connections, { json }, filters) => {
  const letters = await select(connections, json, filters);
  const redriven = await earlierRedrives(
    await connections.db(),
    letters.map((l) => l.id),
  );
  const shown = letters.map((letter) => visible(letter, redriven.get(letter.id)));
  emitRows(json, shown, {
    empty: `No dead letters on ${deadLetterTopic(connections.config.kafka.topics.commands)} or in undeliverable_dead_letter.`,
    head: ['dead letter', 'time', 'error', 'source', 'order', 'redriven', 'why'],
    row: (l) => [
      l.id,
      l.time,
      l.error,
      `${l.source.topic}/${l.source.partition}/${l.source.offset}`,
      l.orderId,
      l.redrivenAt ?? (l.redrivenFrom ? `failed again (from ${l.redrivenFrom})` : undefined),
      l.errorMessage.slice(0, 120),
    ],
  });
  return EXIT.ok;
};

interface RedriveOptions extends Filters {
  all?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

const redriveAction: Action<[string[], RedriveOptions]> = async (connections, { json }, ids, options) => {
  if (ids.length === 0 && !options.all && !options.order && !options.error)
    throw new CliUsageError('name dead letters (their ids from `saga dlq list`), --order, --error or --all');
  const letters = await select(connections, json, options, ids);
  const missing = ids.filter((id) => !letters.some((letter) => letter.id === id));
  if (missing.length > 0) throw new CliUsageError(`no such dead letter: ${missing.join(', ')}`);
  const bar = progressBar(json, 'redriving');
  const results = await redrive(
    {
      db: await connections.db(),
      producer: await connections.producer(),
      commandsTopic: connections.config.kafka.topics.commands,
    },
    letters,
    { force: Boolean(options.force), dryRun: Boolean(options.dryRun) },
    (done) => bar.update(done, letters.length),
  );
  bar.stop();
  const { commands } = connections.config.kafka.topics;
  emitRows(json, results, {
    empty: 'No dead letter matches.',
    head: ['dead letter', 'outcome', 'sent to / why not'],
    row: (r) => [
      r.id,
      r.outcome,
      r.outcome === 'refused'
        ? r.reason
        : r.outcome === 'redriven'
          ? `${commands}/${r.partition}/${r.offset}`
          : `${commands} (dry run, nothing sent)`,
    ],
  });
  return results.some((r) => r.outcome === 'refused') ? EXIT.found : EXIT.ok;
};

const since = (value: string) => parseSince(value);

const errorOption = () =>
  new Option('--error <type>', 'only dead letters of this dlq-error').choices([...DEAD_LETTER_ERRORS]);

export function dlqCommand(run: Run) {
  const dlq = new Command('dlq').description(
    'dead letters of the commands topic: list them, send them again',
  );
  dlq
    .command('list')
    .description(
      'list the dead letters (dead-letter topic and undeliverable_dead_letter) with why and where from',
    )
    .option(
      '--since <when>',
      'only those set aside since a duration ago (30s, 15m, 2h, 3d) or an ISO time',
      since,
    )
    .option('--order <orderId>', 'only those of this order')
    .addOption(errorOption())
    .action(run(list));
  dlq
    .command('redrive')
    .description(
      'send dead letters back to the commands topic as they first came (same key, headers and CloudEvent id); ' +
        'each is recorded and not sent twice unless --force',
    )
    .argument('[deadLetters...]', 'dead letter ids as `saga dlq list` shows them')
    .option('--order <orderId>', 'the dead letters of this order')
    .addOption(errorOption())
    .option('--since <when>', 'only those set aside since a duration ago or an ISO time', since)
    .option('--all', 'every dead letter (with --since: every recent one)')
    .option('--dry-run', 'show what would be sent, send nothing')
    .option('--force', 'send again dead letters that were already redriven')
    .action(run(redriveAction));
  return dlq;
}
