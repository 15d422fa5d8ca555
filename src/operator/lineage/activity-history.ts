import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One activity of a saga run, as its workflow history tells it. */
export interface ActivityRecord {
  activity: string;
  /** completed, failed, timed-out, cancelled, or pending while it has not finished. */
  outcome: 'completed' | 'failed' | 'timed-out' | 'cancelled' | 'pending';
  attempts: number;
  scheduledAt?: string;
  finishedAt?: string;
  /** The failure's type and message, for an activity that did not complete. */
  error?: string;
}

const time = (event: HistoryEvent) => {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  return seconds ? new Date(seconds * 1000 + (event.eventTime?.nanos ?? 0) / 1e6).toISOString() : undefined;
};

function describeFailure(failure: temporal.api.failure.v1.IFailure | null | undefined): string | undefined {
  if (!failure) return undefined;
  const type = failure.applicationFailureInfo?.type ?? (failure.timeoutFailureInfo ? 'Timeout' : undefined);
  const cause = failure.cause?.message ? ` (${failure.cause.message})` : '';
  return `${type ? `${type}: ` : ''}${failure.message ?? ''}${cause}`;
}

/** Each activity the run scheduled, in the order it was scheduled, with how it ended. */
export function activitiesOf(events: HistoryEvent[]): ActivityRecord[] {
  const byScheduledId = new Map<string, ActivityRecord>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      byScheduledId.set(String(event.eventId), {
        activity: scheduled.activityType?.name ?? 'unknown',
        outcome: 'pending',
        attempts: 0,
        scheduledAt: time(event),
      });
      continue;
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const record = byScheduledId.get(String(started.scheduledEventId));
      if (record) record.attempts = started.attempt ?? 1;
      continue;
    }
    const closed =
      (event.activityTaskCompletedEventAttributes && { outcome: 'completed' as const, failure: undefined }) ||
      (event.activityTaskFailedEventAttributes && {
        outcome: 'failed' as const,
        failure: event.activityTaskFailedEventAttributes.failure,
      }) ||
      (event.activityTaskTimedOutEventAttributes && {
        outcome: 'timed-out' as const,
        failure: event.activityTaskTimedOutEventAttributes.failure,
      }) ||
      (event.activityTaskCanceledEventAttributes && { outcome: 'cancelled' as const, failure: undefined });
    if (!closed) continue;
    const scheduledEventId =
      event.activityTaskCompletedEventAttributes?.scheduledEventId ??
      event.activityTaskFailedEventAttributes?.scheduledEventId ??
      event.activityTaskTimedOutEventAttributes?.scheduledEventId ??
      event.activityTaskCanceledEventAttributes?.scheduledEventId;
    const record = byScheduledId.get(String(scheduledEventId));
    if (!record) continue;
    record.outcome = closed.outcome;
    record.finishedAt = time(event);
    record.error = describeFailure(closed.failure);
  }
  return [...byScheduledId.values()];
}
