import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config';
import type { StopFunction } from '../roles/role';

/** Where finished spans go, for the parts that hand spans over themselves (the workflow sandbox). */
export interface SpanSink {
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Whether finished spans go anywhere; without export the workflows make no spans. */
  exporting: boolean;
}

export interface Tracing extends SpanSink {
  /** Flushes the spans not exported yet, then unregisters the provider. */
  stop: StopFunction;
}

/** Spans that go nowhere: trace context still propagates, nothing is exported. */
export const DISCARDED_SPANS: SpanSink = {
  spanProcessor: new NoopSpanProcessor(),
  resource: Resource.empty(),
  exporting: false,
};

function processorFor(config: Config['tracing'], exporter: SpanExporter | undefined): SpanProcessor {
  if (exporter) return new SimpleSpanProcessor(exporter);
  // The exporter reads the OTEL_EXPORTER_OTLP_* variables itself (endpoint, headers, timeout).
  if (config.otlpEndpoint) return new BatchSpanProcessor(new OTLPTraceExporter());
  return new NoopSpanProcessor();
}

/**
 * Registers this process's tracer provider, the W3C trace-context propagator and the
 * async context manager, once, before the roles start. The provider is registered even
 * when nothing is exported (no `OTEL_EXPORTER_OTLP_ENDPOINT`): spans then only carry
 * the trace onwards, so log lines still name their trace and every published event
 * still carries a `traceparent` of the trace it belongs to. `exporter` replaces the
 * OTLP exporter (tests read spans from memory).
 */
export function startTracing(config: Config['tracing'], exporter?: SpanExporter): Tracing {
  const resource = envDetectorSync.detect().merge(new Resource({ [ATTR_SERVICE_NAME]: config.serviceName }));
  const spanProcessor = processorFor(config, exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    spanProcessor,
    resource,
    exporting: !(spanProcessor instanceof NoopSpanProcessor),
    async stop() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
