import { getConfig, type Config } from './config';
import { createDatabase, type Database } from './db/prisma';
import { upAll } from './infra/index';
import { createLogger, type Logger } from './logger';
import { parseRoles, UsageError, type Role, type StopFunction } from './roles/role';
import { startWorker } from './roles/worker';

type Starter = (config: Config, db: Database, log: Logger) => Promise<StopFunction>;

const starters: Partial<Record<Role, Starter>> = {
  worker: startWorker,
};

async function main(argv: string[]): Promise<void> {
  const config = getConfig();
  const log = createLogger(config.logLevel);
  const requested = parseRoles(argv);
  const explicit = argv.includes('--role');
  const roles = explicit ? requested : requested.filter((role) => starters[role]);
  const missing = roles.filter((role) => !starters[role]);
  if (missing.length > 0) throw new UsageError(`Role ${missing.join(', ')} is not available yet`);

  // Starts whatever local infrastructure is not pointed elsewhere, and prepares all of it
  // (topics, search attributes, migrations); containers pass --no-local-infra.
  if (!argv.includes('--no-local-infra')) await upAll(config);

  const db = createDatabase(config.databaseUrl);
  const stops: StopFunction[] = [];
  for (const role of roles) stops.push(await starters[role]!(config, db, log.child({ role })));
  log.info({ roles, temporalUi: `${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows` }, 'saga-orchestrator running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    for (const stop of stops.reverse()) await stop();
    await db.$disconnect();
    log.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
