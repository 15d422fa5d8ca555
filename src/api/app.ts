import express, { type Express } from 'express';
import type { Logger } from '../logger';
import type { Check } from '../readiness';
import { healthAndMetricsRouter, operationsRouter } from './operations-routes';
import { ordersRouter, type OrdersDeps } from './orders-routes';
import { problemHandler, sendProblem } from './problems';
import { traceRequests } from './trace-requests';

export const BODY_LIMIT = '64kb';

export function createApp(deps: OrdersDeps & { log: Logger; checks: Record<string, Check> }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(traceRequests());
  app.use(ordersRouter(deps));
  app.use(healthAndMetricsRouter(deps.metrics.registry));
  app.use(operationsRouter({ checks: deps.checks, topics: deps.config.kafka.topics }));
  app.use((req, res) =>
    sendProblem(res, { title: 'Not found', status: 404, detail: `${req.method} ${req.path}` }),
  );
  app.use(problemHandler(deps.log));
  return app;
}
