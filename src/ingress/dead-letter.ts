import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { BAD_MESSAGE_ERRORS } from './parse-command';

export const DLQ_HEADERS = {
  error: 'dlq-error',
  errorMessage: 'dlq-error-message',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  time: 'dlq-time',
  /** Set when the value was left out because the message was too large for the dead-letter topic. */
  valueOmitted: 'dlq-value-omitted',
} as const;

/** Every `dlq-error`: the message is bad in itself, or Temporal refused it for good. */
export const DEAD_LETTER_ERRORS = [...BAD_MESSAGE_ERRORS, 'OrderConflict'] as const;

/** Why a message is set aside. */
export interface DeadLetterReason {
  error: (typeof DEAD_LETTER_ERRORS)[number];
  message: string;
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The message as it came (same key, value and headers, so it can be replayed after a
 * fix), plus headers naming the error, where it came from and when it was set aside.
 */
export function deadLetter(
  message: KafkaMessage,
  source: MessageSource,
  reason: DeadLetterReason,
  now = new Date(),
): Message {
  const headers: IHeaders = {
    ...message.headers,
    [DLQ_HEADERS.error]: reason.error,
    [DLQ_HEADERS.errorMessage]: reason.message.slice(0, 4_000),
    [DLQ_HEADERS.sourceTopic]: source.topic,
    [DLQ_HEADERS.sourcePartition]: String(source.partition),
    [DLQ_HEADERS.sourceOffset]: source.offset,
    [DLQ_HEADERS.time]: now.toISOString(),
  };
  return { key: message.key, value: message.value, headers };
}
