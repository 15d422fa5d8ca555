import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { principalOf } from './auth/require-scope';
import { sendProblem } from './problems';

/**
 * Per-client limit on the requests that start or change sagas: keyed by the token's
 * subject (after `requireScope`), by the client's address when the token has none or
 * authentication is off. One budget per client across every route it is applied to.
 */
export function mutationRateLimit({ windowMs, max }: Config['rateLimit']): RequestHandler {
  return rateLimit({
    windowMs,
    limit: max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => {
      const subject = principalOf(res)?.subject;
      return subject === undefined ? `ip:${ipKeyGenerator(req.ip ?? '')}` : `sub:${subject}`;
    },
    handler: (_req, res) =>
      sendProblem(res, {
        title: 'Too many requests',
        status: 429,
        detail: `At most ${max} orders and cancels per ${windowMs / 1000} s per client; retry after the Retry-After header's seconds.`,
      }),
  });
}
