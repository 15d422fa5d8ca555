import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { TRACER_NAME } from '../tracing/trace-context';

/**
 * Each request as a server span continuing the caller's `traceparent` (a new trace when
 * it sends none), active while its route runs, so the saga started or signalled there
 * joins the caller's trace. Mounted first, so refused requests (401, 429) are traced too;
 * the request's and response's listeners are bound to the span's context because a body
 * parser further on calls the route from the request stream's events.
 */
export function traceRequests(): RequestHandler {
  const tracer = trace.getTracer(TRACER_NAME);
  return (req, res, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': req.path },
      },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      // The route is known only once the router has matched it.
      const route = (req.route as { path?: string } | undefined)?.path;
      if (route) span.updateName(`${req.method} ${route}`).setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    // A client that hangs up early closes the response without finishing it.
    res.once('finish', end).once('close', end);
    const active = trace.setSpan(parent, span);
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
