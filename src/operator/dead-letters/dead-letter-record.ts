import type { IHeaders } from 'kafkajs';
import { DLQ_HEADERS } from '../../ingress/dead-letter';

/** Names the dead letter a redriven message came from; a new dead letter of it keeps the header. */
export const REDRIVEN_FROM_HEADER = 'dlq-redriven-from';

/** One dead letter, from the dead-letter topic or from PostgreSQL's undeliverable_dead_letter. */
export interface DeadLetterRecord {
  /** `<dead-letter topic>/<partition>/<offset>`, or `postgres:<source topic>/<partition>/<offset>`. */
  id: string;
  where: 'topic' | 'postgres';
  error: string;
  errorMessage: string;
  source: { topic: string; partition: number; offset: string };
  time: string;
  orderId?: string;
  /** The CloudEvent id, when the message had one. */
  eventId?: string;
  /** The dead letter this message was redriven from, when it failed again after a redrive. */
  redrivenFrom?: string;
  /** The value was left out (too large for the dead-letter topic): it cannot be redriven. */
  valueOmitted: boolean;
  /** The message as it came, for a redrive: key, value and its own headers (no `dlq-*`). */
  message: { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };
}

const DLQ_NAMES = new Set<string>(Object.values(DLQ_HEADERS));

function text(value: IHeaders[string] | string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

/** The CloudEvent id: a binary-mode header, or the `id` of a structured-mode body. */
function eventIdOf(headers: Record<string, string>, value: Buffer | null): string | undefined {
  if (headers.ce_id) return headers.ce_id;
  try {
    const body = JSON.parse(value?.toString() ?? '') as { id?: unknown };
    return typeof body.id === 'string' ? body.id : undefined;
  } catch {
    return undefined;
  }
}

/** A dead letter from its key, value and headers (the message's own plus the `dlq-*` ones). */
export function deadLetterRecord(
  id: string,
  where: DeadLetterRecord['where'],
  key: Buffer | null,
  value: Buffer | null,
  rawHeaders: IHeaders | Record<string, string | string[]>,
  fallbackTime: string,
): DeadLetterRecord {
  const all = Object.fromEntries(
    Object.entries(rawHeaders).flatMap(([name, raw]) => {
      const decoded = text(raw);
      return decoded === undefined ? [] : [[name, decoded]];
    }),
  );
  const own = Object.fromEntries(
    Object.entries(all).filter(([name]) => !DLQ_NAMES.has(name) && name !== REDRIVEN_FROM_HEADER),
  );
  return {
    id,
    where,
    error: all[DLQ_HEADERS.error] ?? 'unknown',
    errorMessage: all[DLQ_HEADERS.errorMessage] ?? '',
    source: {
      topic: all[DLQ_HEADERS.sourceTopic] ?? '',
      partition: Number(all[DLQ_HEADERS.sourcePartition] ?? -1),
      offset: all[DLQ_HEADERS.sourceOffset] ?? '',
    },
    time: all[DLQ_HEADERS.time] ?? fallbackTime,
    orderId: key?.toString() || own.ce_orderid,
    eventId: eventIdOf(own, value),
    redrivenFrom: all[REDRIVEN_FROM_HEADER],
    valueOmitted: all[DLQ_HEADERS.valueOmitted] !== undefined,
    message: { key, value, headers: own },
  };
}
