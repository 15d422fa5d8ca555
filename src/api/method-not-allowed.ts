import { Router } from 'express';
import { sendProblem } from './problems';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The methods each path of these routers serves (HEAD wherever GET is, as Express answers it). */
export function allowedMethods(routers: Router[]): Map<string, Set<string>> {
  const allowed = new Map<string, Set<string>>();
  for (const layer of routers.flatMap((router) => router.stack as RouteLayer[])) {
    if (!layer.route) continue;
    const methods = allowed.get(layer.route.path) ?? new Set<string>(['OPTIONS']);
    for (const method of Object.keys(layer.route.methods)) methods.add(method.toUpperCase());
    if (methods.has('GET')) methods.add('HEAD');
    allowed.set(layer.route.path, methods);
  }
  return allowed;
}

/**
 * Mounted after `routers`: a known path asked with a method it does not serve answers 405
 * with `Allow`; unknown paths fall through to the 404. (Express answers OPTIONS itself.)
 */
export function methodNotAllowed(routers: Router[]): Router {
  const router = Router();
  for (const [path, methods] of allowedMethods(routers)) {
    const allow = [...methods].sort().join(', ');
    router.all(path, (req, res) => {
      res.set('Allow', allow);
      sendProblem(res, {
        title: 'Method not allowed',
        status: 405,
        detail: `${req.method} is not served on ${req.path}; use ${allow}.`,
      });
    });
  }
  return router;
}
