import { Router } from 'express';
import type { Registry } from 'prom-client';
import { runChecks, type Check } from '../readiness';
import { openApiDocument } from './openapi';

/** Liveness, readiness, Prometheus metrics and the API description. */
export function operationsRouter(deps: { registry: Registry; checks: Record<string, Check> }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await runChecks(deps.checks);
    const ready = Object.values(checks).every((check) => check.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}
