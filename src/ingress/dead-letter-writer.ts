import type { IHeaders, KafkaMessage, Message, Producer } from 'kafkajs';
import type { Database } from '../db/prisma';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import {
  deadLetter,
  deadLetterTopic,
  DLQ_HEADERS,
  type DeadLetterReason,
  type MessageSource,
} from './dead-letter';

/** Where a dead letter went. */
export type DeadLetterDestination = 'topic' | 'topic-without-value' | 'postgres';

export interface DeadLetterWriterDeps {
  /** Gives up after a bounded number of attempts (see createBoundedProducer). */
  producer: Producer;
  db: Database;
  metrics: Metrics;
}

const TOO_LARGE = ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'];

function isTooLarge(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (TOO_LARGE.includes((cause as { type?: string }).type ?? '')) return true;
  return false;
}

function withoutValue(letter: Message, bytes: number): Message {
  const note = `${bytes} bytes, too large for the dead-letter topic; the source offset locates the message`;
  return { ...letter, value: null, headers: { ...letter.headers, [DLQ_HEADERS.valueOmitted]: note } };
}

/** Kafka headers and keys are any bytes; PostgreSQL text and JSON refuse NUL, so it is replaced. */
const storable = (text: string) => text.replaceAll('\u0000', '\uFFFD');

function headersAsJson(headers: IHeaders | undefined): Record<string, string | string[]> {
  const text = (value: Buffer | string) => storable(value.toString());
  return Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) =>
      value === undefined ? [] : [[storable(name), Array.isArray(value) ? value.map(text) : text(value)]],
    ),
  );
}

/**
 * Sets messages aside so their partition can move on, without ever losing one: to the
 * dead-letter topic as they came plus the dead-letter headers; without the value when
 * that makes them too large for the topic; and when the topic will not take them at all
 * (missing, or failing every attempt), into PostgreSQL's `undeliverable_dead_letter`.
 * Throws only when PostgreSQL fails too, which the ingress retries like any outage.
 */
export function createDeadLetterWriter({ producer, db, metrics }: DeadLetterWriterDeps) {
  const send = (topic: string, letter: Message) =>
    producer.send({ topic, acks: -1, messages: [letter] }).then(
      () => undefined,
      (error: unknown) => error ?? new Error('the dead letter was not written'),
    );

  async function keepInPostgres(
    message: KafkaMessage,
    source: MessageSource,
    reason: DeadLetterReason,
    letter: Message,
    failure: unknown,
  ) {
    // Keyed by the source offset: a message read again after a crash is kept once.
    await db.undeliverableDeadLetter.createMany({
      data: [
        {
          sourceTopic: source.topic,
          sourcePartition: source.partition,
          sourceOffset: BigInt(source.offset),
          key: message.key && new Uint8Array(message.key),
          value: message.value && new Uint8Array(message.value),
          headers: headersAsJson(letter.headers),
          error: reason.error,
          errorMessage: storable(reason.message),
          deliveryError: storable(failure instanceof Error ? failure.message : String(failure)),
        },
      ],
      skipDuplicates: true,
    });
  }

  return async function setAside(
    message: KafkaMessage,
    source: MessageSource,
    reason: DeadLetterReason,
    log: Logger,
  ): Promise<DeadLetterDestination> {
    const topic = deadLetterTopic(source.topic);
    const letter = deadLetter(message, source, reason);
    let to: DeadLetterDestination = 'topic';
    let failure = await send(topic, letter);
    const tooLarge = failure !== undefined && isTooLarge(failure);
    if (tooLarge) {
      to = 'topic-without-value';
      failure = await send(topic, withoutValue(letter, message.value?.length ?? 0));
    }
    if (failure !== undefined) {
      to = 'postgres';
      await keepInPostgres(message, source, reason, letter, failure);
    }
    metrics.deadLetters.inc({ error: reason.error, to });
    const line = { error: reason.error, reason: reason.message, to };
    if (to === 'topic') log.warn(line, 'message dead-lettered');
    else if (to === 'topic-without-value')
      log.error(line, 'message too large for the dead-letter topic, dead-lettered without its value');
    else
      log.error(
        { ...line, err: failure, valueTooLarge: tooLarge },
        `${topic} did not take the dead letter; kept in PostgreSQL (undeliverable_dead_letter)`,
      );
    return to;
  };
}

export type DeadLetterWriter = ReturnType<typeof createDeadLetterWriter>;
