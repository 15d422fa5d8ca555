import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Metrics } from '../metrics';

/** A non-retryable failure is the activity's final word (a rejection); anything else will be retried. */
function attemptOutcome(error: unknown): 'rejected' | 'error' {
  return error instanceof ApplicationFailure && error.nonRetryable ? 'rejected' : 'error';
}

/** Times every activity attempt into `saga_step_seconds{activity,outcome}`. */
export function stepTimer(metrics: Metrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const timer = metrics.stepSeconds.startTimer({ activity: ctx.info.activityType });
        try {
          const result = await next(input);
          timer({ outcome: 'ok' });
          return result;
        } catch (error) {
          timer({ outcome: attemptOutcome(error) });
          throw error;
        }
      },
    },
  });
}
