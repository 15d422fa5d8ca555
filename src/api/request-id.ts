import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { sendProblem } from './problems';

export const REQUEST_ID_HEADERS = ['Idempotency-Key', 'X-Request-Id'] as const;
/** Room for a UUID or a ULID with a prefix; the id ends up in events, logs and the order fence. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Refuses a request whose request id headers are too long or carry other characters. */
export function checkRequestIds(): RequestHandler {
  return (req, res, next) => {
    for (const header of REQUEST_ID_HEADERS) {
      const value = req.get(header);
      if (value !== undefined && !REQUEST_ID_PATTERN.test(value))
        return sendProblem(res, {
          title: `Invalid ${header}`,
          status: 400,
          detail: `${header} must be 1 to 128 letters, digits or . _ : - characters.`,
        });
    }
    next();
  };
}

/** The request's own id when the client sent one (so a retried request keeps it), else a new one. */
export function requestId(req: Request): string {
  return req.get('Idempotency-Key') ?? req.get('X-Request-Id') ?? randomUUID();
}
