import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { TRACER_NAME } from '../tracing/trace-context';

/**
 * Each request as a server span continuing the caller's `traceparent` (a new trace when
 * it sends none), active while its route runs, so the saga started or signalled there
 * joins the caller's trace. Mounted after the body parser: the route then runs inside
 * this middleware's call, where the span stays the active one.
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
    context.with(trace.setSpan(parent, span), next);
  };
}
