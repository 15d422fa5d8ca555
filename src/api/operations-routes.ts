import { Router } from 'express';
import type { Registry } from 'prom-client';
import { runChecks, type Check } from '../readiness';
import { openApiDocument } from './openapi';

/** Liveness and Prometheus metrics: what every process serves, whatever its roles. */
export function healthAndMetricsRouter(registry: Registry): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

/** Readiness and the API description, served with the REST API. */
export function operationsRouter(deps: { checks: Record<string, Check> }): Router {
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    const checks = await runChecks(deps.checks);
    const ready = Object.values(checks).every((check) => check.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}
