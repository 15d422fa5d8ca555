import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logger';
import type { Check } from '../readiness';
import { authenticate } from './auth/require-scope';
import type { TokenVerifier } from './auth/verifier';
import { methodNotAllowed } from './method-not-allowed';
import { healthAndMetricsRouter, operationsRouter } from './operations-routes';
import { ordersRouter, type OrdersDeps } from './orders-routes';
import { problemHandler, sendProblem } from './problems';
import { checkRequestIds } from './request-id';
import { traceRequests } from './trace-requests';

export interface AppDeps extends OrdersDeps {
  log: Logger;
  checks: Record<string, Check>;
  verifier: TokenVerifier;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(traceRequests());
  app.use(helmet());
  app.use(checkRequestIds());
  app.use(authenticate(deps.verifier));
  const routers = [
    ordersRouter(deps),
    healthAndMetricsRouter(deps.metrics.registry),
    operationsRouter({ checks: deps.checks, topics: deps.config.kafka.topics }),
  ];
  for (const router of routers) app.use(router);
  app.use(methodNotAllowed(routers));
  app.use((req, res) =>
    sendProblem(res, { title: 'Not found', status: 404, detail: `${req.method} ${req.path}` }),
  );
  app.use(problemHandler(deps.log));
  return app;
}
