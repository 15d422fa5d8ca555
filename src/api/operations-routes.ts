import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import { runChecks, type Check } from '../readiness';
import { asyncApiDocument } from './asyncapi';
import { requireScope } from './auth/require-scope';
import { openApiDocument } from './openapi';

/**
 * Liveness and Prometheus metrics: what every process serves, whatever its roles. Metrics
 * need the metrics:read scope (each scrape also counts sagas in Temporal); the app serving
 * this router installs `authenticate`.
 */
export function healthAndMetricsRouter(registry: Registry): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/metrics', requireScope('metrics:read'), async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

/** Readiness and the descriptions of the REST API and of the Kafka topics, served with the REST API. */
export function operationsRouter(deps: {
  checks: Record<string, Check>;
  topics: Config['kafka']['topics'];
}): Router {
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    const checks = await runChecks(deps.checks);
    const ready = Object.values(checks).every((check) => check.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/openapi.json', requireScope(null), (_req, res) => {
    res.json(openApiDocument());
  });
  router.get('/asyncapi.json', requireScope(null), (_req, res) => {
    res.json(asyncApiDocument(deps.topics));
  });
  return router;
}
