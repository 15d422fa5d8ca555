import { z } from 'zod';
import { authConfigFrom, authEnv, type AuthConfig } from './auth-config';
import { ConfigError } from './config-error';
import { parseConnectionSecurity, SECURITY_ENV_NAMES, type ConnectionSecurity } from './connection-security';
import { databaseTlsProblems } from './db/database-tls';
import { unsetWhenEmpty } from './env-schema';

/**
 * Every setting of the service, read from the environment. The defaults match the
 * local infrastructure started by `npm run infra:up`, so nothing needs to be set
 * for local use.
 */
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const hostPort = z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port');

const otlpUrl = unsetWhenEmpty(z.url({ protocol: /^https?$/ }));

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
  // The OpenTelemetry SDK reads these (and the other OTEL_* variables) itself; they are
  // checked here so a bad endpoint fails at start, and an empty one counts as unset.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl,
  OTEL_SERVICE_NAME: z.string().min(1).default('saga-orchestrator'),
  ...authEnv,
  RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
  RATE_LIMIT_MAX: positiveInt.default(120),
});

export type Env = z.infer<typeof schema>;

/** Every environment variable the service reads. */
export const ENV_NAMES = [...(Object.keys(schema.shape) as (keyof Env)[]), ...SECURITY_ENV_NAMES];

export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
  } & ConnectionSecurity['temporal'];
  kafka: {
    brokers: string[];
    clientId: string;
    partitions: number;
    topics: { commands: string; orders: string; inventory: string; payments: string; shipping: string };
  } & ConnectionSecurity['kafka'];
  databaseUrl: string;
  relay: { batchSize: number; pollIntervalMs: number; retentionHours: number };
  /** Kafka ingress: how many partitions of the commands topic are processed at once. */
  ingress: { concurrency: number };
  /** The reconciler the relay role runs on a schedule (0: off); see `saga reconcile`. */
  reconcile: { intervalMs: number; maxSagas: number; outboxMaxAgeSeconds: number };
  http: { port: number };
  auth: AuthConfig;
  /** Mutating requests one client (token subject, else IP) may send per window. */
  rateLimit: { windowMs: number; max: number };
  logLevel: Env['LOG_LEVEL'];
  /** OpenTelemetry: spans are exported over OTLP (http/protobuf) only when an endpoint is set. */
  tracing: { otlpEndpoint: string | undefined; serviceName: string };
}

export { ConfigError };

export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const { security, problems: securityProblems } = parseConnectionSecurity(env);
  const problems = [
    ...(parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    ...securityProblems,
    ...(parsed.success ? databaseTlsProblems(parsed.data.DATABASE_URL) : []),
  ];
  if (!parsed.success || !security || problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const auth = authConfigFrom(e);
  if ('error' in auth) throw new ConfigError(`Invalid configuration: ${auth.error}`);
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/$/, ''),
      ...security.temporal,
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
      ...security.kafka,
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
    auth,
    rateLimit: { windowMs: e.RATE_LIMIT_WINDOW_MS, max: e.RATE_LIMIT_MAX },
    logLevel: e.LOG_LEVEL,
    tracing: {
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME,
    },
  };
}
