import { z } from 'zod';

/**
 * Every setting of the service, read from the environment. The defaults match the
 * local infrastructure started by `npm run infra:up`, so nothing needs to be set
 * for local use.
 */
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const hostPort = z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port');

const schema = z.object({
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(hostPort).min(1)),
  KAFKA_CLIENT_ID: z.string().min(1).default('saga-orchestrator'),
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(3),
  KAFKA_COMMANDS_TOPIC: z.string().min(1).default('orders.commands'),
  KAFKA_ORDERS_EVENTS_TOPIC: z.string().min(1).default('orders.events'),
  KAFKA_INVENTORY_EVENTS_TOPIC: z.string().min(1).default('inventory.events'),
  KAFKA_PAYMENTS_EVENTS_TOPIC: z.string().min(1).default('payments.events'),
  KAFKA_SHIPPING_EVENTS_TOPIC: z.string().min(1).default('shipping.events'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// URL')
    .default('postgresql://saga:saga@127.0.0.1:5432/saga'),
  RELAY_BATCH_SIZE: positiveInt.max(10_000).default(200),
  RELAY_POLL_INTERVAL_MS: positiveInt.default(500),
  OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(24),
  INGRESS_CONCURRENCY: positiveInt.max(1_000).default(3),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  RECONCILE_MAX_SAGAS: positiveInt.default(10_000),
  RECONCILE_OUTBOX_MAX_AGE_SECONDS: positiveInt.default(300),
  HTTP_PORT: port.default(3000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

/** Every environment variable the service reads. */
export const ENV_NAMES = Object.keys(schema.shape) as (keyof Env)[];

export interface Config {
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl: string };
  kafka: {
    brokers: string[];
    clientId: string;
    partitions: number;
    topics: { commands: string; orders: string; inventory: string; payments: string; shipping: string };
  };
  databaseUrl: string;
  relay: { batchSize: number; pollIntervalMs: number; retentionHours: number };
  /** Kafka ingress: how many partitions of the commands topic are processed at once. */
  ingress: { concurrency: number };
  /** The reconciler the relay role runs on a schedule (0: off); see `saga reconcile`. */
  reconcile: { intervalMs: number; maxSagas: number; outboxMaxAgeSeconds: number };
  http: { port: number };
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/$/, ''),
    },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      partitions: e.KAFKA_TOPIC_PARTITIONS,
      topics: {
        commands: e.KAFKA_COMMANDS_TOPIC,
        orders: e.KAFKA_ORDERS_EVENTS_TOPIC,
        inventory: e.KAFKA_INVENTORY_EVENTS_TOPIC,
        payments: e.KAFKA_PAYMENTS_EVENTS_TOPIC,
        shipping: e.KAFKA_SHIPPING_EVENTS_TOPIC,
      },
    },
    databaseUrl: e.DATABASE_URL,
    relay: {
      batchSize: e.RELAY_BATCH_SIZE,
      pollIntervalMs: e.RELAY_POLL_INTERVAL_MS,
      retentionHours: e.OUTBOX_RETENTION_HOURS,
    },
    ingress: { concurrency: e.INGRESS_CONCURRENCY },
    reconcile: {
      intervalMs: e.RECONCILE_INTERVAL_MS,
      maxSagas: e.RECONCILE_MAX_SAGAS,
      outboxMaxAgeSeconds: e.RECONCILE_OUTBOX_MAX_AGE_SECONDS,
    },
    http: { port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
  };
}
