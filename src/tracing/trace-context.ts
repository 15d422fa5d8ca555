import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';

/** A W3C trace context as it travels in a message: the CloudEvents distributed-tracing extension. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

export const TRACER_NAME = 'saga-orchestrator';

/** The trace context of the active span, ready to be stored or sent; undefined outside any trace. */
export function activeTraceCarrier(): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return undefined;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The context a received trace carrier continues; the root context when there is none. */
export function contextFromCarrier(carrier: Partial<TraceCarrier> | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Runs `work` in a new active span, a child of `parent` (the active context when not
 * given), and ends the span with the outcome: an error is recorded and thrown on.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions & { parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
