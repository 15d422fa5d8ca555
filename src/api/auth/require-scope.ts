import type { Request, RequestHandler, Response } from 'express';
import { sendProblem } from '../problems';
import type { Scope } from './scopes';
import { InvalidToken, type Principal, type TokenVerifier } from './verifier';

const REALM = 'saga-orchestrator';
/** RFC 6750's b64token. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

type Outcome = { principal: Principal } | { invalid?: string };

/** A route's scope, readable by the OpenAPI test; `null`: any valid token. */
export type ScopedHandler = RequestHandler & { requiredScope: Scope | null };

async function authenticateRequest(verifier: TokenVerifier, req: Request): Promise<Outcome> {
  const header = req.get('authorization');
  if (verifier.anonymous) return { principal: verifier.anonymous };
  if (header === undefined || !/^Bearer\b/i.test(header)) return {};
  const token = BEARER.exec(header.trim())?.[1];
  if (token === undefined) return { invalid: 'the Authorization header is not Bearer <token>' };
  try {
    return { principal: await verifier.verify(token) };
  } catch (error) {
    if (error instanceof InvalidToken) return { invalid: error.message };
    // The keys could not be fetched: the caller may well be right, so not a 401.
    throw Object.assign(new Error(`Tokens cannot be checked right now: ${(error as Error).message}`), {
      status: 503,
      cause: error,
    });
  }
}

/**
 * Once per app, at start: gives each request a lazy check of its bearer token, so only the
 * routes that declare `requireScope` pay for it and public routes ignore it.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return (req, res, next) => {
    let outcome: Promise<Outcome> | undefined;
    res.locals.authentication = () => (outcome ??= authenticateRequest(verifier, req));
    next();
  };
}

/** The caller of a request that passed `requireScope`. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

function challenge(params: Record<string, string | undefined>): string {
  const pairs = Object.entries({ realm: REALM, ...params }).filter(([, v]) => v !== undefined);
  return `Bearer ${pairs.map(([k, v]) => `${k}="${v.replace(/["\\]/g, "'")}"`).join(', ')}`;
}

/** The route needs a valid bearer token granting `scope` (401 without one, 403 without the scope). */
export function requireScope(scope: Scope | null): ScopedHandler {
  const handler: RequestHandler = async (_req, res, next) => {
    const authentication = res.locals.authentication as (() => Promise<Outcome>) | undefined;
    if (!authentication) throw new Error('requireScope needs the authenticate middleware before it');
    const outcome = await authentication();
    if (!('principal' in outcome)) {
      const invalid = outcome.invalid;
      res.set(
        'WWW-Authenticate',
        challenge(invalid ? { error: 'invalid_token', error_description: invalid } : {}),
      );
      return sendProblem(res, {
        title: 'Unauthorized',
        status: 401,
        detail: invalid ? `Invalid bearer token: ${invalid}.` : 'Send Authorization: Bearer <token>.',
      });
    }
    if (scope !== null && !outcome.principal.scopes.has(scope)) {
      res.set('WWW-Authenticate', challenge({ error: 'insufficient_scope', scope }));
      return sendProblem(res, {
        title: 'Forbidden',
        status: 403,
        detail: `This request needs a token with the scope ${scope}.`,
      });
    }
    res.locals.principal = outcome.principal;
    next();
  };
  return Object.assign(handler, { requiredScope: scope });
}
