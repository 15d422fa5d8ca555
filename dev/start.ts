import { Client, Connection } from '@temporalio/client';
import { getConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { parseRoles, UsageError } from '../src/roles/role';
import { runService } from '../src/service';
import { temporalConnectionOptions } from '../src/temporal/connection-options';
import { withDevAuth } from './auth/dev-secret';
import { printAccess } from './auth/print-access';
import { runDemo } from './demo/demo';
import { localServers } from './infra/local-dependencies';

/**
 * `npm start`: the service with every role (or `--role …`) against local servers it starts
 * when needed, then with `--demo` a few sample orders through the inbound Kafka topic. Without
 * configured authentication, tokens are checked with a local development secret (made once,
 * kept in `.local/auth/`), and a token for it is printed.
 */
async function start(argv: string[]): Promise<void> {
  const config = withDevAuth(getConfig());
  const log = createLogger(config.logLevel);
  const service = await runService(config, log, parseRoles(argv), localServers);
  if (!argv.includes('--demo')) return printAccess(config);
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const orderIds = await runDemo(
      service.context,
      new Client({ connection, namespace: config.temporal.namespace }),
    );
    await printAccess(config, orderIds[0]);
  } finally {
    await connection.close();
  }
}

start(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
