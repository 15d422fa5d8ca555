import type { ErrorRequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import type { Logger } from '../logger';

/** RFC 9457 problem details, the body of every error response. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export function sendProblem(res: Response, problem: Problem): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({ type: 'about:blank', ...problem });
}

export function validationProblem(error: ZodError, what: string): Problem {
  return {
    title: `Invalid ${what}`,
    status: 400,
    detail: `The ${what} does not match the schema; see errors.`,
    errors: error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
  };
}

/** A different order under an order id that is already taken. */
export function orderConflictProblem(conflict: { orderId: string; workflowId: string }): Problem {
  return {
    title: 'Order id already used by a different order',
    status: 409,
    detail:
      `Order ${conflict.orderId} was already placed with different contents (saga ${conflict.workflowId}); ` +
      'the first order stands. Send the same order to retry it, or place a new order under a new order id.',
  };
}

/** Turns body-parser failures into 4xx problems and anything unexpected into a logged 500. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number; message?: string }, _req, res, _next) => {
    if (error.type === 'entity.too.large') {
      return sendProblem(res, { title: 'Request body too large', status: 413, detail: error.message });
    }
    if (error.type === 'entity.parse.failed') {
      return sendProblem(res, { title: 'Malformed JSON', status: 400, detail: error.message });
    }
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      return sendProblem(res, { title: 'Bad request', status: error.status, detail: error.message });
    }
    if (error.status === 503) {
      log.warn({ err: error }, 'request refused, a dependency is unavailable');
      res.set('Retry-After', '5');
      return sendProblem(res, { title: 'Service unavailable', status: 503, detail: error.message });
    }
    log.error({ err: error }, 'request failed');
    return sendProblem(res, {
      title: 'Internal error',
      status: 500,
      detail: 'The request could not be completed.',
    });
  };
}
