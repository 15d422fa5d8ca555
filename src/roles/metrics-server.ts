import { once } from 'node:events';
import express from 'express';
import helmet from 'helmet';
import { authenticate } from '../api/auth/require-scope';
import { createTokenVerifier } from '../api/auth/verifier';
import { healthAndMetricsRouter } from '../api/operations-routes';
import type { RoleContext, StopFunction } from './role';

/**
 * /healthz and /metrics on HTTP_PORT for a process that runs without the REST API
 * (e.g. `--role relay`), so every process can be probed and scraped; metrics need a
 * token with metrics:read, as on the API's port.
 */
export async function serveHealthAndMetrics({ config, metrics, log }: RoleContext): Promise<StopFunction> {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(authenticate(createTokenVerifier(config.auth, log)));
  app.use(healthAndMetricsRouter(metrics.registry));
  const server = app.listen(config.http.port);
  await once(server, 'listening');
  log.info({ port: config.http.port }, 'health and metrics listening');
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
