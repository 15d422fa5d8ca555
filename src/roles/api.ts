import { once } from 'node:events';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createKafka } from '../kafka/client';
import { dependencyChecks } from '../readiness';
import type { RoleContext, StopFunction } from './role';

/** The REST API on HTTP_PORT; stopping it lets in-flight requests finish first. */
export async function startApiRole({ config, db, log, metrics }: RoleContext): Promise<StopFunction> {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const admin = createKafka(config, log, 'api').admin();
  await admin.connect();
  const app = createApp({
    client,
    db,
    config,
    metrics,
    log,
    checks: dependencyChecks({ connection, admin, db }),
  });
  const server = app.listen(config.http.port);
  await once(server, 'listening');
  log.info({ port: config.http.port }, 'REST API listening');
  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await admin.disconnect();
    await connection.close();
  };
}
