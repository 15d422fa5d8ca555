import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createTokenVerifier } from '../api/auth/verifier';
import { registerSagaGauge } from '../api/saga-gauge';
import { createKafka } from '../kafka/client';
import { dependencyChecks } from '../readiness';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { clientTracing } from '../tracing/temporal-tracing';
import type { RoleContext, StopFunction } from './role';

export interface ServedApi {
  port: number;
  stop: StopFunction;
}

/** Serves the REST API on `port` (0: any free port); stopping lets in-flight requests finish first. */
export async function serveApi(
  { config, db, log, metrics, workerConnection }: RoleContext,
  port: number,
): Promise<ServedApi> {
  const verifier = createTokenVerifier(config.auth, log);
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({
    connection: workerConnection ?? connection,
    namespace: config.temporal.namespace,
    interceptors: clientTracing(),
  });
  registerSagaGauge(metrics.registry, client);
  const admin = createKafka(config, log, 'api').admin();
  await admin.connect();
  const app = createApp({
    client,
    db,
    config,
    metrics,
    eagerStart: workerConnection !== undefined,
    log,
    verifier,
    checks: dependencyChecks({ connection, admin, db }),
  });
  const server = app.listen(port);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await admin.disconnect();
      await connection.close();
    },
  };
}

export async function startApiRole(context: RoleContext): Promise<StopFunction> {
  const api = await serveApi(context, context.config.http.port);
  context.log.info({ port: api.port }, 'REST API listening');
  return api.stop;
}
