import type { Config } from '../src/config';
import type { Database } from '../src/db/prisma';
import type { Logger } from '../src/logger';
import { createRoleContext } from '../src/roles/context';
import { startIngressRole } from '../src/roles/ingress';
import { startRelayRole } from '../src/roles/relay';
import type { RoleContext, StopFunction } from '../src/roles/role';
import { startWorkerRole } from '../src/roles/worker';

/**
 * The service's roles (worker, ingress, relay) in this process, as `npm start` runs them.
 * The relay starts last so it does not poll through the worker's start-up.
 */
export async function startServiceRoles(config: Config, db: Database, log: Logger): Promise<StopFunction> {
  const context: RoleContext = createRoleContext(config, log, db);
  const stops: StopFunction[] = [];
  for (const start of [startWorkerRole, startIngressRole, startRelayRole]) stops.push(await start(context));
  return async () => {
    // Inputs first, the relay last, as the service stops on SIGTERM.
    for (const stop of [stops[1], stops[0], stops[2]]) await stop?.();
  };
}
