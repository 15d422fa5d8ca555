import { Command, CommanderError } from 'commander';
import { ConfigError, getConfig } from '../config';
import { runner } from './command-runner';
import { dlqCommand } from './dlq';
import { CliUsageError, EXIT, UnreachableError, type ExitCode } from './exit-codes';
import { lineageCommand } from './lineage';
import { reconcileCommand } from './reconcile';
import { stuckCommand } from './stuck';

/** Errors of a server that stopped answering mid-command, not only at connect. */
function isUnreachable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof UnreachableError) return true;
    if (/^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)Error$/.test(cause.name)) return true;
    if ((cause as { code?: unknown }).code === 14) return true; // gRPC UNAVAILABLE
  }
  return false;
}

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CliUsageError || error instanceof ConfigError) return EXIT.usage;
  return isUnreachable(error) ? EXIT.unreachable : EXIT.found;
}

async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const run = runner((done) => (code = done));
  const defaults = (() => {
    try {
      return getConfig().reconcile;
    } catch {
      return { maxSagas: 10_000, outboxMaxAgeSeconds: 300 }; // the action reports the bad configuration
    }
  })();
  const program = new Command('saga')
    .description('Operate saga-orchestrator: dead letters, stuck sagas, lineage of an order, reconciliation.')
    .option('--json', 'machine-readable JSON on stdout instead of tables')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 something needs attention (violations, refused or failed items, nothing found),\n' +
        '2 usage or configuration error, 3 PostgreSQL, Temporal or Kafka unreachable.\n' +
        'Configuration: the same environment variables as the service (DATABASE_URL, TEMPORAL_ADDRESS, KAFKA_BROKERS, ...).',
    )
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(dlqCommand(run));
  program.addCommand(stuckCommand(run));
  program.addCommand(lineageCommand(run));
  program.addCommand(reconcileCommand(run, defaults));
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    const exit = exitCodeOf(error);
    if (!(error instanceof CommanderError))
      process.stderr.write(`saga: ${error instanceof Error ? error.message : String(error)}\n`);
    return exit;
  }
}

process.exit(await main(process.argv));
