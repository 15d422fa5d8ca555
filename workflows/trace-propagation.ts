/**
 * Workflow interceptors for a worker that exports no spans: the trace the saga was started
 * in (the door's span, carried in the start's headers) is handed on to every activity the
 * saga schedules, so activity logs, outbox rows and published events stay in that trace,
 * without the cost of making and shipping workflow spans nobody reads. Headers are not
 * part of what replay compares.
 */
import type {
  ActivityInput,
  LocalActivityInput,
  Next,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Payload } from '@temporalio/common';

/** The header Temporal's OpenTelemetry interceptors carry a trace in (their TRACE_HEADER). */
export const TRACE_HEADER = '_tracer-data';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let started: Payload | undefined;
  const withTrace = <T extends { headers: Record<string, Payload> }>(input: T): T =>
    started && !input.headers[TRACE_HEADER]
      ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: started } }
      : input;
  const inbound: WorkflowInboundCallsInterceptor = {
    execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
      started = input.headers[TRACE_HEADER];
      return next(input);
    },
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
      return next(withTrace(input));
    },
    scheduleLocalActivity(
      input: LocalActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
    ) {
      return next(withTrace(input));
    },
  };
  return { inbound: [inbound], outbound: [outbound] };
};
