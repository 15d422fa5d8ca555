import { getConfig } from './config';
import { upAll } from './infra/index';
import { createLogger } from './logger';
import { Client, Connection } from '@temporalio/client';
import { runDemo } from './demo/demo';
import { startApiRole } from './roles/api';
import { createRoleContext } from './roles/context';
import { serveHealthAndMetrics } from './roles/metrics-server';
import { startIngressRole } from './roles/ingress';
import { startRelayRole } from './roles/relay';
import { parseRoles, UsageError, type Role, type RoleStarter, type StopFunction } from './roles/role';
import { startWorker } from './roles/worker';
import { installTemporalRuntime } from './temporal-runtime';

/** Started in this order and stopped in reverse: inputs stop first, the relay publishes to the end. */
const START_ORDER: Role[] = ['relay', 'worker', 'api', 'ingress'];

const starters: Partial<Record<Role, RoleStarter>> = {
  worker: startWorker,
  api: startApiRole,
  ingress: startIngressRole,
  relay: startRelayRole,
};

/** Temporal's own INFO lines (bundling, state changes) are noise at the service's default level. */
function temporalLogLevel(level: string) {
  if (level === 'trace') return 'TRACE';
  return level === 'debug' ? 'DEBUG' : 'WARN';
}

/**
 * Runs the requested roles (all by default) in this process until SIGTERM/SIGINT,
 * which stops them in reverse order: inputs first, the worker and relay last.
 */
async function main(argv: string[]): Promise<void> {
  const config = getConfig();
  const log = createLogger(config.logLevel);
  const roles = START_ORDER.filter((role) => parseRoles(argv).includes(role));
  const missing = roles.filter((role) => !starters[role]);
  if (missing.length > 0) throw new UsageError(`Role ${missing.join(', ')} is not available in this build`);

  // Starts whatever local infrastructure is not pointed elsewhere and prepares all of it
  // (topics, search attributes, migrations); containers pass --no-local-infra.
  if (!argv.includes('--no-local-infra')) await upAll(config);

  if (roles.includes('worker'))
    installTemporalRuntime(log.child({ role: 'worker' }), temporalLogLevel(config.logLevel));
  const context = createRoleContext(config, log);
  const stops: StopFunction[] = [];
  for (const role of roles) stops.push(await starters[role]!({ ...context, log: log.child({ role }) }));
  if (!roles.includes('api')) stops.push(await serveHealthAndMetrics(context));
  if (argv.includes('--demo')) {
    const connection = await Connection.connect({ address: config.temporal.address });
    await runDemo(context, new Client({ connection, namespace: config.temporal.namespace }));
    await connection.close();
  }
  log.info(
    { roles, temporalUi: `${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows` },
    'saga-orchestrator running',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    for (const stop of stops.reverse()) await stop();
    await context.close();
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
