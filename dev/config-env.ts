import type { Config } from '../src/config';

/** The environment that makes `src/main.ts` run with this configuration. */
export function configEnv(config: Config): NodeJS.ProcessEnv {
  const { temporal, kafka } = config;
  return {
    DATABASE_URL: config.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_CLIENT_ID: kafka.clientId,
    KAFKA_COMMANDS_TOPIC: kafka.topics.commands,
    KAFKA_ORDERS_EVENTS_TOPIC: kafka.topics.orders,
    KAFKA_INVENTORY_EVENTS_TOPIC: kafka.topics.inventory,
    KAFKA_PAYMENTS_EVENTS_TOPIC: kafka.topics.payments,
    KAFKA_SHIPPING_EVENTS_TOPIC: kafka.topics.shipping,
    RELAY_POLL_INTERVAL_MS: String(config.relay.pollIntervalMs),
    RECONCILE_INTERVAL_MS: String(config.reconcile.intervalMs),
    HTTP_PORT: String(config.http.port),
    ...(config.auth.mode === 'secret' && { AUTH_JWT_SECRET: config.auth.secret }),
  };
}
