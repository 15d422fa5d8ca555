import { NativeConnection } from '@temporalio/worker';
import { requireAuthConfigured } from './auth-config';
import type { Config } from './config';
import type { Dependencies } from './dependencies';
import type { Logger } from './logger';
import { startApiRole } from './roles/api';
import { createRoleContext } from './roles/context';
import { startIngressRole } from './roles/ingress';
import { serveHealthAndMetrics } from './roles/metrics-server';
import { startRelayRole } from './roles/relay';
import type { Role, RoleContext, RoleStarter, StopFunction } from './roles/role';
import { startWorkerRole } from './roles/worker';
import { temporalConnectionOptions } from './temporal/connection-options';
import { installTemporalRuntime } from './temporal/runtime';
import { temporalUiUrl } from './temporal/ui-url';
import { startTracing } from './tracing/tracing';

/** Started in this order and stopped in reverse: inputs stop first, the relay publishes to the end. */
const START_ORDER: Role[] = ['relay', 'worker', 'api', 'ingress'];

const starters: Record<Role, RoleStarter> = {
  worker: startWorkerRole,
  api: startApiRole,
  ingress: startIngressRole,
  relay: startRelayRole,
};

/** Temporal's own INFO lines (bundling, state changes) are noise at the service's default level. */
function temporalLogLevel(level: string) {
  if (level === 'trace') return 'TRACE';
  return level === 'debug' ? 'DEBUG' : 'WARN';
}

/** The line every process logs once its roles run; process supervisors and tests wait for it. */
export const RUNNING_MESSAGE = 'saga-orchestrator running';

/** Whether a line of a process's JSON log is the one saying its roles run. */
export function saysRunning(logLine: string): boolean {
  return logLine.includes(`"msg":"${RUNNING_MESSAGE}"`);
}

export interface RunningService {
  context: RoleContext;
  /** Stops the roles in reverse order, then releases what they shared. */
  stop: StopFunction;
}

/**
 * Prepares the dependencies, then runs the given roles in this process until SIGTERM or
 * SIGINT, which stops them in reverse order: inputs first, the worker and relay last.
 */
export async function runService(
  config: Config,
  log: Logger,
  roles: Role[],
  dependencies: Dependencies,
): Promise<RunningService> {
  // Before anything starts: a process that cannot check tokens must not take work first.
  requireAuthConfigured(config.auth);
  await dependencies.prepare(config, log);
  const ordered = START_ORDER.filter((role) => roles.includes(role));
  if (ordered.includes('worker'))
    installTemporalRuntime(log.child({ role: 'worker' }), temporalLogLevel(config.logLevel));
  const tracing = startTracing(config.tracing);
  // Shared by the worker and the doors, so a door's start can hand the saga's first task
  // straight to this worker (eager start).
  const workerConnection = ordered.includes('worker')
    ? await NativeConnection.connect(temporalConnectionOptions(config.temporal))
    : undefined;
  const context = { ...createRoleContext(config, log, undefined, tracing), workerConnection };
  const stops: StopFunction[] = [];
  for (const role of ordered) stops.push(await starters[role]({ ...context, log: log.child({ role }) }));
  if (!ordered.includes('api')) stops.push(await serveHealthAndMetrics(context));
  log.info({ roles: ordered, temporalUi: temporalUiUrl(config) }, RUNNING_MESSAGE);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const stopRole of stops.reverse()) await stopRole();
      await workerConnection?.close();
      await context.close();
      await tracing.stop();
      log.info('stopped');
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'draining');
      void stop().then(() => process.exit(0));
    });
  }
  return { context, stop };
}
