import {
  Kafka,
  Partitioners,
  logLevel as kafkaLogLevel,
  type LogEntry,
  type Producer,
  type KafkaConfig,
  type RetryOptions,
  type SASLOptions,
} from 'kafkajs';
import type { Config } from '../config';
import type { Logger } from '../logger';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [kafkaLogLevel.ERROR]: 'error',
  [kafkaLogLevel.WARN]: 'warn',
  [kafkaLogLevel.INFO]: 'info',
  [kafkaLogLevel.DEBUG]: 'debug',
};

/** TLS and SASL as configured, for every kafkajs client that talks to the configured brokers. */
export function kafkaSecurityOptions({ kafka }: Config): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const tls = kafka.tls && Object.keys(kafka.tls).length > 0 ? kafka.tls : !!kafka.tls;
  // Each mechanism takes the same username and password; kafkajs types them one by one.
  return { ssl: tls, ...(kafka.sasl && { sasl: kafka.sasl as SASLOptions }) };
}

/** A kafkajs client whose log lines go to the service's structured logger. */
export function createKafka(
  config: Config,
  log: Logger,
  clientSuffix: string,
  options: Pick<KafkaConfig, 'connectionTimeout' | 'retry'> = {},
): Kafka {
  return new Kafka({
    ...options,
    clientId: `${config.kafka.clientId}-${clientSuffix}`,
    brokers: config.kafka.brokers,
    ...kafkaSecurityOptions(config),
    logLevel: kafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[levels[level] ?? 'info']({ kafka: label, ...rest }, message);
      },
  });
}

/** One request in flight keeps order; topics are never created by accident; Java's partitioner. */
const IN_ORDER = {
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * The producer for everything that must not be lost, duplicated or reordered by a
 * retry: idempotent, one request in flight, topics never created by accident, and
 * Kafka's default (murmur2) partitioner so keys land where Java clients put them.
 */
export function createReliableProducer(kafka: Kafka): Producer {
  return kafka.producer({ ...IN_ORDER, idempotent: true });
}

/** About ten seconds of attempts (300 ms doubling to 5 s) before a send fails. */
export const BOUNDED_SEND_RETRY: RetryOptions = { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 };

/**
 * A producer that gives up: a write that cannot succeed (a missing topic, a broker that
 * keeps refusing) fails after a bounded number of attempts instead of being retried
 * forever. Not idempotent, which would need unbounded retries; for dead letters a rare
 * duplicate is harmless, since their source offset identifies them.
 */
export function createBoundedProducer(kafka: Kafka, retry: RetryOptions = BOUNDED_SEND_RETRY): Producer {
  return kafka.producer({ ...IN_ORDER, retry });
}
