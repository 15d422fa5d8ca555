import { Client, Connection } from '@temporalio/client';
import { getConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { parseRoles, UsageError } from '../src/roles/role';
import { runService } from '../src/service';
import { temporalConnectionOptions } from '../src/temporal/connection-options';
import { runDemo } from './demo/demo';
import { localServers } from './infra/local-dependencies';

/**
 * `npm start`: the service with every role (or `--role …`) against local servers it starts
 * when needed, then with `--demo` a few sample orders through the inbound Kafka topic.
 */
async function start(argv: string[]): Promise<void> {
  const config = getConfig();
  const log = createLogger(config.logLevel);
  const service = await runService(config, log, parseRoles(argv), localServers);
  if (!argv.includes('--demo')) return;
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    await runDemo(service.context, new Client({ connection, namespace: config.temporal.namespace }));
  } finally {
    await connection.close();
  }
}

start(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
