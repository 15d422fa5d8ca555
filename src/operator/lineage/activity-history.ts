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

/** What the worker records of a local activity in its marker's `data` (Temporal's core SDK). */
interface LocalActivityMarkerData {
  activity_id: string;
  activity_type: string;
  attempt: number;
  original_schedule_time?: { seconds: number | string; nanos?: number } | null;
}

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

function isoTime(stamp: LocalActivityMarkerData['original_schedule_time']): string | undefined {
  const seconds = Number(stamp?.seconds ?? 0);
  return seconds ? new Date(seconds * 1000 + (stamp?.nanos ?? 0) / 1e6).toISOString() : undefined;
}

function closedOutcome(
  failure: temporal.api.failure.v1.IFailure | null | undefined,
): ActivityRecord['outcome'] {
  if (!failure) return 'completed';
  if (failure.timeoutFailureInfo) return 'timed-out';
  return failure.canceledFailureInfo ? 'cancelled' : 'failed';
}

function markerData(payload: Uint8Array): LocalActivityMarkerData | undefined {
  try {
    return JSON.parse(Buffer.from(payload).toString('utf8')) as LocalActivityMarkerData;
  } catch {
    return undefined;
  }
}

/**
 * A local activity (the saga's forward steps) leaves one marker with its result instead of
 * scheduled/started/closed events. One retried after a timer (a backoff longer than the
 * worker retries locally) is scheduled anew and shows as an entry of its own.
 */
function recordLocalActivity(event: HistoryEvent, byId: Map<string, ActivityRecord>): void {
  const marker = event.markerRecordedEventAttributes;
  const payload = marker?.details?.data?.payloads?.[0]?.data;
  const data = marker?.markerName === LOCAL_ACTIVITY_MARKER && payload ? markerData(payload) : undefined;
  if (!marker || !data) return;
  byId.set(`local-${data.activity_id}`, {
    activity: data.activity_type,
    outcome: closedOutcome(marker.failure),
    attempts: data.attempt,
    scheduledAt: isoTime(data.original_schedule_time),
    finishedAt: time(event),
    error: describeFailure(marker.failure),
  });
}

/** Each activity the run scheduled, local or not, in the order it was scheduled, with how it ended. */
export function activitiesOf(events: HistoryEvent[]): ActivityRecord[] {
  const byScheduledId = new Map<string, ActivityRecord>();
  for (const event of events) {
    if (event.markerRecordedEventAttributes) {
      recordLocalActivity(event, byScheduledId);
      continue;
    }
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
