import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { SpanSink } from './tracing';

/**
 * Temporal's OpenTelemetry interceptors carry the trace through Temporal's own headers:
 * the client puts the caller's context on the start or signal, the workflow continues it
 * and hands it to every activity it schedules. Headers are not part of what replay
 * compares, so workflows stay deterministic and old histories replay unchanged.
 */

/** The workflow interceptors, bundled into the workflow code (the sandbox loads them by path). */
export const WORKFLOW_TRACING_MODULE = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/** Without export, workflows only hand the caller's trace on to their activities. */
export const TRACE_PROPAGATION_MODULE = fileURLToPath(
  new URL('../../workflows/trace-propagation.ts', import.meta.url),
);

/**
 * The worker's workflow interceptors: spans for every workflow and activity schedule when
 * they are exported, the trace handed on without spans when not (the spans would be made,
 * sent out of the sandbox and dropped for every saga).
 */
export function workflowTracing(spans: SpanSink): {
  workflowModules: string[];
  sinks: InjectedSinks<OpenTelemetrySinks> | Record<string, never>;
} {
  if (!spans.exporting) return { workflowModules: [TRACE_PROPAGATION_MODULE], sinks: {} };
  return { workflowModules: [WORKFLOW_TRACING_MODULE], sinks: workflowSpanSinks(spans) };
}

/** Workflow spans are made in the sandbox and leave it through this sink. */
export function workflowSpanSinks(spans: SpanSink): InjectedSinks<OpenTelemetrySinks> {
  return { exporter: makeWorkflowExporter(spans.spanProcessor, spans.resource) };
}

/** Each activity attempt runs in a span continuing the workflow's, and its logs name that span. */
export const activityTracing: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/** For every client that starts or signals sagas: the active span's context goes with the call. */
export function clientTracing(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}
