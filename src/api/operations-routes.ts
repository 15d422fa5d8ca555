import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import { runChecks, type Check } from '../readiness';
import { asyncApiDocument } from './asyncapi';
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
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  router.get('/asyncapi.json', (_req, res) => {
    res.json(asyncApiDocument(deps.topics));
  });
  return router;
}
