import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions } from '../temporal/connection-options';
import type { EachBatchPayload, KafkaMessage, RetryOptions as KafkaRetryOptions } from 'kafkajs';
import type { Config } from '../config';
import type { Database } from '../db/prisma';
import { createBoundedProducer, createKafka } from '../kafka/client';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { StopFunction } from '../roles/role';
import { applyCommand, type ApplyDeps } from './apply-command';
import { startConsumerLagReporter } from './consumer-lag';
import type { MessageSource } from './dead-letter';
import { createDeadLetterWriter, type DeadLetterWriter } from './dead-letter-writer';
import { inIngressSpan } from './ingress-span';
import { orderIdOf, parseCommand } from './parse-command';
import { DEFAULT_RETRY, retryUntilDone, type RetryOptions } from './retry';
import { runSupervisedConsumer } from './supervised-consumer';
import { clientTracing } from '../tracing/temporal-tracing';

export interface IngressContext {
  config: Config;
  db: Database;
  log: Logger;
  metrics: Metrics;
  /** The worker's connection, when it runs in this process: sagas then start eagerly on it. */
  workerConnection?: NativeConnection;
}

export interface IngressOverrides {
  /** A Temporal client owned by the caller; by default the ingress opens its own connection. */
  client?: Client;
  groupId?: string;
  retry?: RetryOptions;
  callTimeoutMs?: number;
  /** Attempts at the dead-letter topic before a dead letter is kept in PostgreSQL. */
  deadLetterRetry?: KafkaRetryOptions;
  /** Backoff between restarts of a consumer that kafkajs left crashed. */
  restart?: RetryOptions;
}

const DEFAULT_RESTART: RetryOptions = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

export function ingressGroupId(config: Config): string {
  return `${config.kafka.clientId}-ingress`;
}

interface Handling {
  deps: ApplyDeps;
  setAside: DeadLetterWriter;
  log: Logger;
}

/** What one message needs, as a repeatable attempt: a start or signal in Temporal, or a dead letter. */
function prepare(
  message: KafkaMessage,
  source: MessageSource,
  { deps, setAside, log }: Handling,
): () => Promise<string> {
  const parsed = parseCommand(message);
  if (!parsed.ok)
    return () =>
      inIngressSpan(source, undefined, async () => {
        await setAside(message, source, parsed.bad, log);
        return 'dead-lettered';
      });
  const { command } = parsed;
  const lineLog = log.child({ orderId: orderIdOf(command), eventId: command.eventId, type: command.type });
  return () =>
    inIngressSpan(source, command, async (span) => {
      const outcome = await applyCommand(command, deps, lineLog, source);
      span.setAttribute('saga.ingress.outcome', typeof outcome === 'string' ? outcome : 'dead-lettered');
      if (typeof outcome === 'string') return outcome;
      await setAside(message, source, outcome.deadLetter, lineLog);
      return 'dead-lettered';
    });
}

/**
 * Consumes the commands topic in a consumer group and turns each command into a saga start
 * or a cancel signal. Commits never outrun durable state: an offset is committed only after
 * Temporal has the message, or the dead-letter topic or PostgreSQL has its dead letter, and
 * an outage stalls the partition with backoff instead of skipping anything.
 */
export async function startIngress(
  context: IngressContext,
  overrides: IngressOverrides = {},
): Promise<StopFunction> {
  const { config, db, log, metrics, workerConnection } = context;
  const topic = config.kafka.topics.commands;
  const groupId = overrides.groupId ?? ingressGroupId(config);
  const stopping = new AbortController();
  // Lazy, so the ingress starts while Temporal is down and catches up once it is back.
  const connection =
    overrides.client || workerConnection
      ? undefined
      : Connection.lazy(temporalConnectionOptions(config.temporal));
  const client =
    overrides.client ??
    new Client({
      connection: workerConnection ?? connection!,
      namespace: config.temporal.namespace,
      interceptors: clientTracing(),
    });
  const deps: ApplyDeps = {
    client,
    db,
    config,
    metrics,
    callTimeoutMs: overrides.callTimeoutMs ?? 10_000,
    eagerStart: !overrides.client && workerConnection !== undefined,
    signal: stopping.signal,
  };
  const retry = overrides.retry ?? DEFAULT_RETRY;
  const kafka = createKafka(config, log, 'ingress');
  const producer = createBoundedProducer(kafka, overrides.deadLetterRetry);
  const setAside = createDeadLetterWriter({ producer, db, metrics });

  async function eachBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const active = () => payload.isRunning() && !payload.isStale() && !stopping.signal.aborted;
    for (const message of batch.messages) {
      if (!active()) return;
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const messageLog = log.child({ ...source, key: message.key?.toString() });
      const attempt = prepare(message, source, { deps, setAside, log: messageLog });
      let outcome = '';
      const scope = {
        active,
        heartbeat,
        signal: stopping.signal,
        log: messageLog,
        onFailure: () => metrics.ingressMessages.inc({ outcome: 'retried' }),
      };
      const done = await retryUntilDone(async () => void (outcome = await attempt()), scope, retry);
      if (!done) return;
      // Counted before the commit: whoever sees the offset committed sees the outcome too.
      metrics.ingressMessages.inc({ outcome });
      payload.resolveOffset(message.offset);
      const next = (BigInt(message.offset) + 1n).toString();
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
      });
      await heartbeat();
    }
  }

  await producer.connect();
  const stopConsumer = await runSupervisedConsumer({
    kafka,
    groupId,
    topic,
    log,
    metrics,
    restart: overrides.restart ?? DEFAULT_RESTART,
    run: {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: config.ingress.concurrency,
      eachBatch,
    },
  });
  const admin = kafka.admin();
  await admin.connect();
  const stopLag = startConsumerLagReporter({ admin, groupId, topic, metrics, log });
  log.info({ topic, groupId, concurrency: config.ingress.concurrency }, 'ingress consuming');

  return async () => {
    stopping.abort();
    await stopLag();
    await admin.disconnect();
    await stopConsumer();
    await producer.disconnect();
    await connection?.close();
    log.info({ topic, groupId }, 'ingress stopped');
  };
}
